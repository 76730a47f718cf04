package io.rusticated.tty;

/** A terminal's size in character cells (and in pixels, where the terminal reports them; else 0). */
public record WindowSize(int columns, int rows, int widthPixels, int heightPixels) {
    public WindowSize {
        if (columns < 0 || rows < 0 || widthPixels < 0 || heightPixels < 0) {
            throw new IllegalArgumentException("negative window size: " + columns + "x" + rows);
        }
    }

    public WindowSize(int columns, int rows) {
        this(columns, rows, 0, 0);
    }
}
