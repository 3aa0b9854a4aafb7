package io.certwiz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.certwiz.CertwizException;
import io.certwiz.Problem;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** JSON output shared by every command. */
final class Output {
    // Instants as ISO-8601 text (2030-01-01T00:00:00Z), the same form the views use.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw CertwizException.error("cannot write JSON: " + e.getMessage(), e);
        }
    }

    record ErrorBody(Error error) {}

    record Error(String kind, int exitCode, String message, List<Problem> problems) {}

    static ErrorBody error(CertwizException e) {
        return new ErrorBody(new Error(e.failure().name(), e.failure().exitCode(), e.getMessage(), e.problems()));
    }
}
