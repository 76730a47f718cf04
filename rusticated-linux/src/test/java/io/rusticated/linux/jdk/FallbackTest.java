package io.rusticated.linux.jdk;

import io.rusticated.linux.jdk.ChildJvm.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rusticated target in a child JVM, with and without a backend: with one, file and console
 * work goes through the proactor; without one (only rusticated-core on the class path, as on an
 * OS rusticated has no backend for), the same program prints the same, everything handed to the
 * JDK, and nothing is printed about it (the reason is logged at DEBUG).
 */
class FallbackTest {
    private static final String EXPECTED = "content 7 true\n[a.txt]\n1 t\nRusticatedFileSystemProvider false\n";

    @TempDir
    Path dir;

    @Test
    void withABackendTheProactorServesTheProgram() throws Exception {
        Run run = ChildJvm.run(dir, List.of(ChildJvm.PROVIDER, ChildJvm.LOADER), ChildJvm.main(ChildJvm.classPath(), "files"), "", false);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(EXPECTED);
        assertThat(run.exit()).isZero();
        assertThat(run.trace()).containsPattern("OPEN path=/\\S+/a.txt -> \\d+")
                .containsPattern("READ handle=\\d+ offset=6 length=1 -> 1")
                .containsPattern("RENAME path=/\\S+/a.txt path2=/\\S+/b.txt -> ok")
                .containsPattern("READ_DIR handle=\\d+ path=/\\S+ -> ok")
                .contains("WRITE handle=1 offset=-1 length=15 -> 15");
    }

    @Test
    void withoutABackendEverythingGoesToTheJdk() throws Exception {
        Run run = ChildJvm.run(dir, List.of(ChildJvm.PROVIDER, ChildJvm.LOADER), ChildJvm.main(ChildJvm.classPathWithoutBackend(), "files"), "", false);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(EXPECTED);
        assertThat(run.exit()).isZero();
        assertThat(run.trace()).isEmpty();
    }
}
