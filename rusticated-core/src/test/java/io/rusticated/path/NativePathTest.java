package io.rusticated.path;

import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativePathTest {
    @Test
    void nulIsRejectedWithItsIndex() {
        assertThatThrownBy(() -> NativePath.of("/tmp/a\0b"))
                .isInstanceOfSatisfying(InvalidPathException.class, e -> {
                    assertThat(e.getIndex()).isEqualTo(6);
                    assertThat(e.getInput()).isEqualTo("/tmp/a\\0b");
                    assertThat(e.getReason()).contains("NUL");
                });
        assertThatThrownBy(() -> NativePath.of("\0")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void emptyAndNullAreRejected() {
        assertThatThrownBy(() -> NativePath.of("")).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> NativePath.of((String) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void utf8IsNulTerminated() {
        NativePath p = NativePath.of("dir/h\u00e9llo-\u20ac");
        byte[] expected = "dir/h\u00e9llo-\u20ac".getBytes(StandardCharsets.UTF_8);
        byte[] got = p.utf8z().toArray(ValueLayout.JAVA_BYTE);
        assertThat(got).hasSize(expected.length + 1);
        assertThat(got[expected.length]).isZero();
        assertThat(java.util.Arrays.copyOf(got, expected.length)).isEqualTo(expected);
        assertThat(p.utf8z()).as("encoded once").isSameAs(p.utf8z());
    }

    @Test
    void utf16IsNulTerminated() {
        NativePath p = NativePath.of("C:\\x\u20ac");
        byte[] expected = "C:\\x\u20ac".getBytes(StandardCharsets.UTF_16LE);
        byte[] got = p.utf16z().toArray(ValueLayout.JAVA_BYTE);
        assertThat(got).hasSize(expected.length + 2);
        assertThat(got[expected.length]).isZero();
        assertThat(got[expected.length + 1]).isZero();
        assertThat(java.util.Arrays.copyOf(got, expected.length)).isEqualTo(expected);
    }

    @Test
    void utf16KeepsLoneSurrogatesAsTheyAre() {
        // Windows file names are any sequence of UTF-16 code units; an unpaired surrogate names a
        // different file than U+FFFD, which is what an encoder would put in its place.
        String name = "a\uD800b\uDC00\uD83D\uDE00";
        byte[] got = NativePath.of(name).utf16z().toArray(ValueLayout.JAVA_BYTE);
        assertThat(got).containsExactly(
                0x61, 0x00, 0x00, 0xD8, 0x62, 0x00, 0x00, 0xDC, 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0x00);
    }

    @Test
    void textAndEqualityFollowThePath() {
        assertThat(NativePath.of(Path.of("/a/b")).toString()).isEqualTo("/a/b");
        assertThat(NativePath.of("/a/b")).isEqualTo(NativePath.of(Path.of("/a/b"))).hasSameHashCodeAs(NativePath.of("/a/b"));
        assertThat(NativePath.of("/a/b")).isNotEqualTo(NativePath.of("/a/c"));
    }
}
