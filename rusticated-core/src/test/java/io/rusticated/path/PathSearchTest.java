package io.rusticated.path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathSearchTest {
    @TempDir
    Path dir;

    private Path file(Path parent, String name, String perms) throws IOException {
        Files.createDirectories(parent);
        Path p = Files.writeString(parent.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void findsTheFirstExecutableOnTheSearchPath() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        file(a, "tool", "rw-r--r--"); // not executable: skipped
        Files.createDirectories(b.resolve("tool")); // a directory: skipped
        Path wanted = file(c, "tool", "rwxr-xr-x");
        file(c, "other", "rwxr-xr-x");
        String search = String.join(File.pathSeparator, dir.resolve("missing").toString(), a.toString(), b.toString(), c.toString());
        assertThat(PathSearch.which("tool", search)).contains(wanted);
        assertThat(PathSearch.which("nothing-here", search)).isEmpty();
    }

    @Test
    void aNameWithASlashIsTakenAsIs() throws IOException {
        Path exe = file(dir, "run", "rwx------");
        Path plain = file(dir, "plain", "rw-------");
        assertThat(PathSearch.which(exe.toString(), "")).contains(exe);
        assertThat(PathSearch.which(plain.toString(), dir.toString())).isEmpty();
    }

    @Test
    void noSearchPathFindsNothing() {
        assertThat(PathSearch.which("sh", "")).isEmpty();
        assertThat(PathSearch.which("sh", null)).isEmpty();
    }

    @Test
    void theProcessPathFindsAShell() {
        assertThat(PathSearch.which("sh")).hasValueSatisfying(p -> assertThat(Files.isExecutable(p)).isTrue());
    }

    @Test
    void nulAndEmptyNamesAreRejected() {
        assertThatThrownBy(() -> PathSearch.which("s\0h", "/bin")).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> PathSearch.which("", "/bin")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void windowsRulesTryEachStartableExtensionInPathextOrder() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a b"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("tool.js"), "");          // PATHEXT lists it, but CreateProcess cannot start it
        Path bat = Files.writeString(b.resolve("tool.bat"), "");
        Path exe = Files.writeString(b.resolve("tool.exe"), "");
        Files.createDirectories(a.resolve("tool.cmd"));        // a directory: skipped
        // quotes around an entry are removed and empty entries skipped, as cmd.exe does
        String search = ";\"" + a + "\";;" + b;
        assertThat(PathSearch.whichOnWindows("tool", search, ".JS;.CMD;.BAT;.EXE")).contains(bat);
        assertThat(PathSearch.whichOnWindows("tool", search, ".COM;.EXE;.BAT;.CMD")).contains(exe);
        assertThat(PathSearch.whichOnWindows("tool", search, null)).as("default PATHEXT").contains(exe);
        assertThat(PathSearch.whichOnWindows("tool.bat", search, null)).as("a listed extension is tried as given").contains(bat);
        assertThat(PathSearch.whichOnWindows("tool.js", search, ".JS;.EXE")).as("only startable extensions count")
                .isEmpty();
        assertThat(PathSearch.whichOnWindows("nothing", search, null)).isEmpty();
        assertThat(PathSearch.whichOnWindows("tool", null, null)).isEmpty();
    }

    @Test
    void windowsRulesTakeANameWithASeparatorOrDriveAsAPath() throws IOException {
        Path exe = Files.writeString(dir.resolve("run.exe"), "");
        assertThat(PathSearch.whichOnWindows(dir.resolve("run").toString(), "", null)).contains(exe);
        assertThat(PathSearch.windowsCandidates("C:run", null)).containsExactly("C:run.com", "C:run.exe", "C:run.bat", "C:run.cmd");
        assertThat(PathSearch.windowsCandidates("Setup.EXE", ".exe")).as("extensions compare without case").containsExactly("Setup.EXE");
    }
}
