package io.rusticated.macos;

import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.tty.TermiosAbi;
import io.rusticated.unix.tty.UnixTerminalSupport;

import static io.rusticated.macos.MacAbi.*;

/** Terminals on macOS: the shared Unix calls on macOS's struct termios (8-byte flags, 72 bytes). */
public final class MacTerminalSupport extends UnixTerminalSupport {
    /** Read on first use only. */
    private static final class Abi {
        static final TermiosAbi TERMIOS = new TermiosAbi(TERMIOS_SIZE, TCSADRAIN, TIOCGWINSZ,
                WINSIZE_ROW, WINSIZE_COL, WINSIZE_XPIXEL, WINSIZE_YPIXEL);
    }

    @Override
    public boolean supportsCurrentOs() {
        return MacArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    protected ErrnoTable errors() {
        return MacErrors.TABLE;
    }

    @Override
    protected TermiosAbi termios() {
        return Abi.TERMIOS;
    }
}
