package io.rusticated.linux;

import io.rusticated.rt.EventLoop;
import io.rusticated.tty.Tty;

/** Run by TtyTest in its own JVM on a pty: enters raw mode and exits without restoring; the shutdown hook must. */
public final class RawModeThenExit {
    public static void main(String[] args) throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            Tty stdin = Tty.standard(loop, 0);
            stdin.enterRawMode();
            System.out.print("raw-entered\n");
            System.out.flush();
            System.exit(3);
        }
    }
}
