package io.certwiz.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import org.junit.jupiter.api.Test;

/** How {@code --client-roots} reads: default, all, or a list, written back the same way. */
class ClientRootsTest {
    private static final String A = "0123456789ABCDEF0123456789ABCDEF01234567";

    @Test
    void readsEachFormAndWritesItBack() {
        assertThat(ClientRoots.parse(" Default ")).isEqualTo(ClientRoots.DEFAULT);
        assertThat(ClientRoots.parse("embedded,assigned").text()).isEqualTo("default");
        assertThat(ClientRoots.parse("ALL").all()).isTrue();
        assertThat(ClientRoots.parse("default," + A).text()).isEqualTo("embedded,assigned," + A);
        ClientRoots listed = ClientRoots.parse("assigned, " + A.toLowerCase() + ", " + A);
        assertThat(listed.embedded()).isFalse();
        assertThat(listed.assigned()).isTrue();
        assertThat(listed.thumbprints()).hasSize(1);
        assertThat(listed.text()).isEqualTo("assigned," + A);
        assertThat(ClientRoots.parse(listed.text())).isEqualTo(listed);
        assertThat(ClientRoots.parse("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67")
                        .thumbprints()
                        .getFirst()
                        .hex())
                .isEqualTo(A);
    }

    @Test
    void refusesWhatIsNotAChoice() {
        for (String bad : new String[] {"", " ", "all,embedded", "default,all", "embedded,", "root", "ABCD"}) {
            assertThatThrownBy(() -> ClientRoots.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            CertwizException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_USAGE));
        }
    }
}
