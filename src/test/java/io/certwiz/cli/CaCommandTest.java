package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz ca}: what it refuses before it reaches a CA. */
class CaCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
    }

    @Test
    void aDirectoryUrlWithCredentialsIsRefusedAndNotEchoed() {
        Cli.Result refused = cli.run("ca", "add", "lab", "--acme", "https://user:s3cret@127.0.0.1:1/dir")
                .failsWithOneLine(2);

        assertThat(refused.err()).contains("password").doesNotContain("s3cret");
        assertThat(cli.run("ca", "list").ok().out()).doesNotContain("s3cret").doesNotContain("lab");
        assertThat(cli.run("audit").ok().out()).doesNotContain("s3cret");
    }
}
