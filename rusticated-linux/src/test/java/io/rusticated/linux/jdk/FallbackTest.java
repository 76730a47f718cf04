package io.rusticated.linux.jdk;

import io.rusticated.linux.jdk.ChildJvm.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rusticated target in a child JVM, with and without a backend: with one, file and console
 * work goes through the proactor and no call is handed to the JDK; without one (only
 * rusticated-core on the class path, as on an OS rusticated has no module for), the same program
 * prints the same, every call handed to the JDK, and nothing is printed about it: only the trace
 * names each hand-over and its reason.
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
                .contains("WRITE handle=1 offset=-1 length=15 -> 15")
                .doesNotContain("handed to the JDK");
    }

    @Test
    void withoutABackendEverythingGoesToTheJdk() throws Exception {
        Run run = ChildJvm.run(dir, List.of(ChildJvm.PROVIDER, ChildJvm.LOADER), ChildJvm.main(ChildJvm.classPathWithoutBackend(), "files"), "", false);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(EXPECTED);
        assertThat(run.exit()).isZero();
        assertThat(run.trace().lines().toList()).as(run.trace())
                .contains("# jdk: newByteChannel handed to the JDK (NO_OS_MODULE)", "# jdk: move handed to the JDK (NO_OS_MODULE)")
                .allMatch(l -> l.matches("# jdk: \\S+ handed to the JDK \\(NO_OS_MODULE\\)"));
    }
}
