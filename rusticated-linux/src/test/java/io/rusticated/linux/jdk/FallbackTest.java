package io.rusticated.linux.jdk;

import io.rusticated.linux.jdk.ChildJvm.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rusticated target in a child JVM, with and without an OS module: with one, file and console
 * work is served by rusticated (system calls on the calling thread, the asynchronous channel on
 * the loop) and no call is handed to the JDK; without one (only
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

    /**
     * Under a locale whose {@code sun.jnu.encoding} is not UTF-8 (here ISO-8859-1, compiled with
     * {@code localedef} into the test's directory), the JDK names files with that charset, and
     * rusticated, which encodes UTF-8, sends the same bytes only for ASCII text: the listing and
     * the ASCII name are served, while the name with byte E9 ("café" in Latin-1, whose text is
     * not ASCII) is the JDK's own path and reading it is the JDK's call (reason PATH). Read as
     * UTF-8 text instead, rusticated would open "caf\u00e9" as the bytes C3 A9: no such file.
     */
    @Test
    void underALatin1LocaleOnlyAsciiTextIsServed() throws Exception {
        Path locales = Files.createDirectory(dir.resolve("locales"));
        Process localedef = new ProcessBuilder("localedef", "-i", "en_US", "-f", "ISO-8859-1", locales.resolve("en_US.ISO-8859-1").toString())
                .redirectErrorStream(true).start();
        String said = new String(localedef.getInputStream().readAllBytes());
        assertThat(localedef.waitFor()).as("localedef (Debian's locales package): %s", said).isZero();
        Path listed = Files.createDirectory(dir.resolve("listed"));
        Files.writeString(listed.resolve("plain.txt"), "ascii");
        Files.writeString(Path.of(URI.create(listed.toUri() + "caf%E9.txt")), "latin-1");
        Run run = ChildJvm.run(dir, List.of(ChildJvm.PROVIDER, ChildJvm.LOADER), ChildJvm.main(ChildJvm.classPath(), "listed", listed.toString()),
                new byte[0], false, false, Map.of("LOCPATH", locales.toString(), "LC_ALL", "en_US.ISO-8859-1"));
        assertThat(run.out()).as("stderr: %s", run.err()).isEqualTo("caf%E9.txt latin-1\nplain.txt ascii\n");
        assertThat(run.err()).isEmpty();
        assertThat(run.trace()).containsPattern("READ_DIR handle=\\d+ path=\\S+/listed -> ok")
                .contains("OPEN path=" + listed.resolve("plain.txt") + " -> ", "# jdk: newByteChannel handed to the JDK (PATH)")
                .doesNotContain("caf");
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
