package io.certwiz.limbo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tukaani.xz.XZInputStream;

/** Reads {@code limbo.json.xz}: {@code {"version":1,"testcases":[...]}}, streamed case by case. */
public final class LimboSuite {
    /** Where the suite lives, relative to the repository root (the tests' working directory). */
    public static final Path DIRECTORY = Path.of("..", "shared", "testdata", "x509-limbo");

    public static final Path CASES = DIRECTORY.resolve("limbo.json.xz");
    public static final Path PEER_RESULTS = DIRECTORY.resolve("peer-results.tar.xz");

    private LimboSuite() {}

    public static List<LimboCase> load(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<LimboCase> cases = new ArrayList<>();
        try (InputStream in = new XZInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
                JsonParser parser = mapper.createParser(in)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("testcases")) {
                    expect(value, JsonToken.START_ARRAY);
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        cases.add(mapper.readValue(parser, LimboCase.class));
                    }
                } else if (field.equals("version")) {
                    if (parser.getIntValue() != 1) {
                        throw new IOException("unsupported limbo version " + parser.getText());
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return cases;
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) {
            throw new IOException("limbo.json: expected " + wanted + " but found " + actual);
        }
    }
}
