package io.rusticated.linux;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.spi.DriverEvent;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;
import io.rusticated.signal.Signal;
import io.rusticated.signal.SignalListener;
import io.rusticated.signal.Signals;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.rusticated.linux.NativeTestSupport.openPty;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Terminal writes while signals keep arriving at the loop thread: on io_uring a write issued inline
 * sees the pending signal and ends with EINTR, which a blocking write(2) would have restarted
 * (the JVM's handlers are SA_RESTART). The driver submits it again, so no write fails and no
 * byte is lost or doubled. (Found by the job-control shell, whose SIGCHLD interrupted a prompt.)
 */
class SignalledTerminalWriteTest {
    /** {@code <asm/unistd.h>} on x86_64 and aarch64 (checked with gcc and aarch64-linux-gnu-gcc when written). */
    private static final long SYS_GETTID = LinuxAbi.ARCH == LinuxArch.X86_64 ? 186 : 178;
    private static final long SYS_TGKILL = LinuxAbi.ARCH == LinuxArch.X86_64 ? 234 : 131;
    private static final int WRITES = 3000;

    @Test
    void everyWriteCompletesWhileSignalsHitTheLoopThread() throws Exception {
        long pid = ProcessHandle.current().pid();
        long tid = Libc.syscall(SYS_GETTID, 0, 0, 0, 0, 0, 0);
        try (EventLoop loop = EventLoop.open(); NativeTestSupport.Pty pty = openPty();
             SignalListener winch = Signals.listen(loop, Signal.WINCH)) {
            AtomicLong drained = new AtomicLong();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                while (drained.get() < (long) WRITES * 9) {
                    drained.addAndGet(NativeTestSupport.readSome(pty.master(), 4096).length);
                }
            });
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread signaller = Thread.ofPlatform().daemon().start(() -> {
                while (writing.get()) {
                    Libc.syscall(SYS_TGKILL, pid, tid, Signal.WINCH.number(), 0, 0, 0);
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            File tty = File.fromHandle(loop, pty.slave(), Path.of("tty"));
            try {
                for (int i = 0; i < WRITES; i++) {
                    // A terminal write may be short (n_tty_write returns what it wrote when the
                    // pty is full and a signal lands, or when io_uring's non-blocking attempt
                    // finds room for part): never a failure, and the rest goes in the next one.
                    Buffer line = Buffer.of("1234567\n");
                    while (!line.isEmpty()) {
                        int n = loop.blockOn(tty.write(line));
                        assertThat(n).as("write %d", i).isPositive();
                        line.discard(n);
                    }
                }
            } finally {
                writing.set(false);
                signaller.join();
            }
            reader.join(10_000);
            // ONLCR turns each "\n" into "\r\n" on the master side
            assertThat(drained.get()).isEqualTo((long) WRITES * 9);
            System.out.println("EINTR restarts: " + loop.stats().get(DriverEvent.INTERRUPTED_RESTART));
        }
    }
}
