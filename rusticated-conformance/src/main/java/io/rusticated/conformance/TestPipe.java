package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OS pipe for reads that wait as long as a test wants. The test wraps an end in a
 * {@link File} on the loop under test ({@code File.fromHandle(loop, pipe.readHandle, ...)}); the
 * other side is driven from outside that loop, synchronously, as a blocking {@code write(2)} or
 * {@code read(2)} from another thread would: through a {@link File} on a loop of its own.
 *
 * <p>The handles come from the SPI's {@code ProcessSupport.pipe()}, as {@code process.Pipe} gets
 * them, because the public {@code Pipe} owns both ends on one loop.
 */
public final class TestPipe implements AutoCloseable {
    private static final Path NAME = Path.of("pipe");

    public final long readHandle;
    public final long writeHandle;
    /** The loop through which this side writes and reads, off the loop under test. */
    private final EventLoop peer;
    private File writer;      // guarded by this
    private File reader;      // guarded by this
    private boolean readClosed;  // guarded by this
    private boolean writeClosed; // guarded by this

    private TestPipe(long readHandle, long writeHandle) {
        this.readHandle = readHandle;
        this.writeHandle = writeHandle;
        this.peer = Peer.LOOP;
    }

    public static TestPipe open() {
        try {
            long[] handles = Platform.process().pipe();
            return new TestPipe(handles[0], handles[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes all the bytes from outside the loop under test; returns once they are in the pipe. */
    public void write(byte[] bytes) {
        await(writer().writeAll(Buffer.of(bytes)).toCompletableFuture());
    }

    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One read of up to {@code max} bytes from outside the loop under test; empty at end of input. */
    public byte[] readSome(int max) {
        Buffer b = Buffer.allocate(max);
        await(reader().read(b).toCompletableFuture());
        return b.toByteArray();
    }

    // The monitor guards the ends' state only; no wait happens under it, so one thread may
    // close the write end while another waits in readSome for the end of input.
    private synchronized File writer() {
        if (writer == null) {
            writer = File.fromHandle(peer, writeHandle, NAME);
        }
        return writer;
    }

    private synchronized File reader() {
        if (reader == null) {
            reader = File.fromHandle(peer, readHandle, NAME);
        }
        return reader;
    }

    /** Closes the write end: a reader sees end of input once the pipe is drained. */
    public void closeWriteEnd() {
        File end;
        synchronized (this) {
            if (writeClosed) {
                return;
            }
            writeClosed = true;
            end = writer;
        }
        closeEnd(end, writeHandle);
    }

    /** Closes the read end: a writer gets a broken pipe. */
    public void closeReadEnd() {
        File end;
        synchronized (this) {
            if (readClosed) {
                return;
            }
            readClosed = true;
            end = reader;
        }
        closeEnd(end, readHandle);
    }

    private static void closeEnd(File end, long handle) {
        if (end != null) {
            await(end.close().toCompletableFuture());
        } else {
            Platform.closeHandle(handle);
        }
    }

    @Override
    public void close() {
        closeWriteEnd();
        closeReadEnd();
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("pipe " + (e.getCause() != null ? e.getCause() : e), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The loop of the driving side, shared by every pipe of the run, started on first use. */
    private static final class Peer {
        static final EventLoop LOOP = EventLoop.startThread("conformance-pipe-peer");
    }
}
