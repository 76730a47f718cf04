package io.rusticated.unix.tty;

/**
 * What the shared terminal code needs of one Unix's ABI (each OS module's layout probe checks its values).
 *
 * @param termiosSize {@code sizeof(struct termios)}: 60 in glibc, 72 on macOS (8-byte flags)
 * @param tcsadrain   {@code TCSADRAIN}
 * @param tiocgwinsz  {@code TIOCGWINSZ}: 0x5413 on Linux, 0x40087468 on macOS
 * @param winsizeRow  {@code offsetof(struct winsize, ws_row)}, likewise the other three members
 */
public record TermiosAbi(long termiosSize, int tcsadrain, long tiocgwinsz,
                         long winsizeRow, long winsizeCol, long winsizeXpixel, long winsizeYpixel) {
    /** {@code sizeof(struct winsize)} to allocate: its four unsigned shorts end before this. */
    long winsizeSize() {
        return Math.max(Math.max(winsizeRow, winsizeCol), Math.max(winsizeXpixel, winsizeYpixel)) + Short.BYTES;
    }
}
