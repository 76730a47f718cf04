package io.rusticated.windows;

import io.rusticated.path.NativePath;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paths for Win32 calls, as the JDK's WindowsPath.getPathForWin32Calls makes them. */
class Win32PathTest {
    private static final String CWD = "C:\\work\\dir";

    @Test
    void shortPathsGoAsTheyAre() {
        assertThat(Win32Path.forWin32("C:\\a\\b.txt", CWD)).isEqualTo("C:\\a\\b.txt");
        assertThat(Win32Path.forWin32("rel\\x", CWD)).isEqualTo("rel\\x");
        String limit = "C:\\" + "a".repeat(244);
        assertThat(limit).hasSize(247);
        assertThat(Win32Path.forWin32(limit, CWD)).isEqualTo(limit);
    }

    @Test
    void longPathsAreMadeAbsoluteNormalisedAndPrefixed() {
        String name = "n".repeat(100);
        String longAbsolute = "C:/data/" + name + "/./" + name + "/../" + name + "/" + name + "//file.txt";
        assertThat(Win32Path.forWin32(longAbsolute, CWD)).isEqualTo("\\\\?\\C:\\data\\" + name + "\\" + name + "\\" + name + "\\file.txt");
        String longRelative = name + "\\" + name + "\\" + name;
        assertThat(Win32Path.forWin32(longRelative, CWD)).isEqualTo("\\\\?\\C:\\work\\dir\\" + longRelative);
        assertThat(Win32Path.forWin32("\\" + longRelative, CWD)).as("root-relative: the working directory's drive").isEqualTo("\\\\?\\C:\\" + longRelative);
        assertThat(Win32Path.forWin32("\\\\server\\share\\" + longRelative, CWD)).isEqualTo("\\\\?\\UNC\\server\\share\\" + longRelative);
        assertThat(Win32Path.forWin32("\\\\?\\C:\\" + longRelative, CWD)).as("already prefixed").isEqualTo("\\\\?\\C:\\" + longRelative);
        assertThat(Win32Path.forWin32("C:\\..\\..\\" + longRelative, CWD)).as("'..' above the root stays there").isEqualTo("\\\\?\\C:\\" + longRelative);
    }

    @Test
    void aPathBeyondTheLongPathLimitIsRefused() {
        assertThatThrownBy(() -> Win32Path.forWin32("C:\\" + "x".repeat(40_000), CWD)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32767");
    }

    @Test
    void loneSurrogatesReachTheCallUnchanged() {
        String name = "C:\\" + "d".repeat(250) + "\\a\uDC00b";
        NativePath p = Win32Path.of(NativePath.of(name));
        assertThat(p.toString()).startsWith("\\\\?\\C:\\").endsWith("a\uDC00b");
        char[] units = p.utf16z().toArray(ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
        assertThat(new String(units, 0, units.length - 1)).isEqualTo(p.toString());
        assertThat(units[units.length - 1]).isEqualTo('\0');
    }

    @Test
    void linkTargetsUseBackslashes() {
        assertThat(Win32Path.linkTarget("../a/b")).isEqualTo("..\\a\\b");
        assertThat(Win32Path.linkTarget("C:/x")).isEqualTo("C:\\x");
        assertThat(Win32Path.isAbsolute("C:\\x")).isTrue();
        assertThat(Win32Path.isAbsolute("C:x")).isFalse();
        assertThat(Win32Path.isAbsolute("\\x")).isFalse();
        assertThat(Win32Path.isAbsolute("\\\\s\\x")).isTrue();
    }
}
