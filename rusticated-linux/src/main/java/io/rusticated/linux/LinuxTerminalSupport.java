package io.rusticated.linux;

import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.tty.TermiosAbi;
import io.rusticated.unix.tty.UnixTerminalSupport;

import static io.rusticated.linux.LinuxAbi.*;

/** Terminals on Linux: the shared Unix calls on glibc's struct termios (foreground groups: the shared job control). */
public final class LinuxTerminalSupport extends UnixTerminalSupport {
    /** Read on first use only (see {@link LinuxProcessSupport}). */
    private static final class Abi {
        static final TermiosAbi TERMIOS = new TermiosAbi(TERMIOS_SIZE, TCSADRAIN, TIOCGWINSZ,
                WINSIZE_ROW, WINSIZE_COL, WINSIZE_XPIXEL, WINSIZE_YPIXEL);
    }

    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    protected ErrnoTable errors() {
        return LinuxErrors.TABLE;
    }

    @Override
    protected TermiosAbi termios() {
        return Abi.TERMIOS;
    }
}
