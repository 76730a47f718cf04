package io.rusticated.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A real kernel pipe, for reads that wait as long as the test wants. */
final class Pipe implements AutoCloseable {
    final int readFd;
    final int writeFd;
    private boolean readClosed;
    private boolean writeClosed;

    private Pipe(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    static Pipe open() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int r = Libc.pipe2(fds, LinuxAbi.O_CLOEXEC);
            if (r < 0) {
                throw new IllegalStateException("pipe2: " + LinuxErrors.message(-r));
            }
            return new Pipe(fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1));
        }
    }

    /** Writes the bytes with a plain write(2), outside any loop. */
    void write(byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long n = Libc.write(writeFd, m.address(), bytes.length);
            if (n != bytes.length) {
                throw new IllegalStateException("pipe write returned " + n);
            }
        }
    }

    void closeWriteEnd() {
        if (!writeClosed) {
            writeClosed = true;
            Libc.close(writeFd);
        }
    }

    @Override
    public void close() {
        closeWriteEnd();
        if (!readClosed) {
            readClosed = true;
            Libc.close(readFd);
        }
    }
}
