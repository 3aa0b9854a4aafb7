package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.store.Database;
import io.certwiz.store.SqlStore;
import io.certwiz.store.jdbc.SqlSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent changes share commits, and a refused change fails alone and leaves nothing behind. */
class GroupCommitTest {
    @TempDir
    Path tmp;

    @Test
    void aFailingChangeFailsAloneWhileTheOthersCommit() throws Exception {
        try (SqlStore store = Database.openSqlite(tmp.resolve("store.db"))) {
            GroupCommit commits = new GroupCommit(store);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                int n = i;
                results.add(CompletableFuture.supplyAsync(
                        () -> commits.write(tx -> {
                            new SqlSettings().put(tx, "test." + n, "written");
                            if (n % 16 == 7) {
                                throw AcmeProblem.malformed("change " + n + " is refused");
                            }
                            return "ok " + n;
                        }),
                        pool));
            }
            for (int i = 0; i < 48; i++) {
                int n = i;
                if (n % 16 == 7) {
                    assertThatThrownBy(results.get(n)::join).hasCauseInstanceOf(AcmeProblem.class);
                } else {
                    assertThat(results.get(n).join()).isEqualTo("ok " + n);
                }
                Optional<String> setting = store.read(tx -> new SqlSettings().get(tx, "test." + n));
                assertThat(setting)
                        .as("change %d", n)
                        .isEqualTo(n % 16 == 7 ? Optional.empty() : Optional.of("written"));
            }
            pool.shutdown();
        }
    }
}
