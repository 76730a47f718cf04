package io.rusticated.windows;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static io.rusticated.windows.WindowsAbi.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Console text in both directions, and console modes. */
class ConsoleTest {
    @Test
    void utf8SplitBetweenWritesReachesTheConsoleAsOneCharacter() {
        ConsoleText.Utf8ToUtf16 out = new ConsoleText.Utf8ToUtf16();
        byte[] smile = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertThat(out.convert(new byte[] {'a', smile[0], smile[1]})).containsExactly('a');
        assertThat(out.convert(new byte[] {smile[2]})).isEmpty();
        assertThat(out.convert(new byte[] {smile[3], 'b'})).containsExactly('\uD83D', '\uDE00', 'b');
        assertThat(out.convert(new byte[] {(byte) 0xFF, 'c'})).as("a byte that starts nothing").containsExactly('\uFFFD', 'c');
    }

    @Test
    void aSurrogatePairSplitBetweenConsoleReadsBecomesOneUtf8Character() {
        ConsoleText.Utf16ToUtf8 in = new ConsoleText.Utf16ToUtf8();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.convert(new char[] {'x', '\uD83D'}, 2, bytes);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("x");
        in.convert(new char[] {'\uDE00', 'y'}, 2, bytes);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("x\uD83D\uDE00y");
    }

    @Test
    void rawModeTurnsOffLineEditingAndTurnsOnVirtualTerminalSequences() {
        int cooked = ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | 0x80; // 0x80: ENABLE_INSERT_MODE, kept
        byte[] raw = ConsoleModes.raw(ConsoleModes.snapshot(false, cooked));
        assertThat(ConsoleModes.isOutput(raw)).isFalse();
        assertThat(ConsoleModes.mode(raw)).isEqualTo(0x80 | ENABLE_VIRTUAL_TERMINAL_INPUT);
        assertThat(ConsoleModes.withoutVirtualTerminal(raw)).isEqualTo(0x80);

        byte[] screen = ConsoleModes.raw(ConsoleModes.snapshot(true, ENABLE_PROCESSED_OUTPUT | 0x2));
        assertThat(ConsoleModes.isOutput(screen)).isTrue();
        assertThat(ConsoleModes.mode(screen)).isEqualTo(ENABLE_PROCESSED_OUTPUT | 0x2 | ENABLE_VIRTUAL_TERMINAL_PROCESSING | DISABLE_NEWLINE_AUTO_RETURN);
        assertThat(ConsoleModes.withoutVirtualTerminal(screen)).isEqualTo(ENABLE_PROCESSED_OUTPUT | 0x2);

        assertThat(ConsoleModes.mode(ConsoleModes.snapshot(true, 0xF00DBEEF))).as("all 32 bits kept").isEqualTo(0xF00DBEEF);
        assertThatThrownBy(() -> ConsoleModes.raw(new byte[60])).as("a termios snapshot").isInstanceOf(IllegalArgumentException.class);
    }
}
