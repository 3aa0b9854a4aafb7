package io.certwiz.limbo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The other implementations' per-case results from {@code peer-results.tar.xz}: one limbo harness file
 * per implementation, {@code {"version":1,"harness":NAME,"results":[{"id","actual_result",...}]}}.
 */
public record PeerResults(String harness, Map<String, String> actualById) {

    /** Every harness file in the archive, by harness name (sorted). */
    public static Map<String, PeerResults> load(Path archive) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, PeerResults> peers = new TreeMap<>();
        try (InputStream xz = new XZInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16));
                TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile() || !entry.getName().endsWith(".json")) {
                    continue;
                }
                JsonNode root = mapper.readTree(tar.readAllBytes());
                if (root == null || !root.has("results")) {
                    continue; // not a harness result file
                }
                Map<String, String> actual = new LinkedHashMap<>();
                for (JsonNode result : root.get("results")) {
                    actual.put(
                            result.get("id").asText(),
                            result.get("actual_result").asText());
                }
                String harness = root.path("harness").asText(entry.getName());
                peers.put(harness, new PeerResults(harness, Map.copyOf(actual)));
            }
        }
        return peers;
    }

    /** This peer's score on the given cases (a case it has no result for counts as skipped). */
    public LimboScore score(Iterable<LimboCase> cases) {
        LimboScore score = LimboScore.ZERO;
        for (LimboCase testCase : cases) {
            String actual = actualById.getOrDefault(testCase.id(), "SKIPPED");
            score = score.plus(LimboScore.verdict(testCase.expectedResult(), actual));
        }
        return score;
    }

    public String actual(String id) {
        return actualById.getOrDefault(id, "SKIPPED");
    }
}
