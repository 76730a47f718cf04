package io.rusticated.wasm.classlib.java.rusticated;

import io.rusticated.wasm.abi.HostError;
import io.rusticated.wasm.classlib.java.nio.channels.TAsynchronousCloseException;
import io.rusticated.wasm.classlib.java.nio.channels.TAsynchronousFileChannel;
import io.rusticated.wasm.classlib.java.nio.channels.TCompletionHandler;
import io.rusticated.wasm.classlib.java.util.concurrent.TFuture;
import io.rusticated.wasm.fs.File;
import io.rusticated.wasm.fs.HostErrors;
import io.rusticated.wasm.fs.OpenOptions;
import io.rusticated.wasm.rt.LinearMemory;
import io.rusticated.wasm.rt.Operation;
import io.rusticated.wasm.rt.Proactor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * AsynchronousFileChannel on the host (a substitute, so that its references to the substituted
 * types are renamed with it; TeaVM knows it as {@code java.rusticated.HostAsynchronousFileChannel}): each read or write is one READ/WRITE at the position (at
 * most 1 MiB), submitted without waiting; the caller's buffer is copied into (or out of) the
 * operation's linear memory, never lent to the host. Futures complete on the proactor's tick;
 * completion handlers run on a new guest thread (a TeaVM fiber), as the JDK runs them off the
 * caller. Closing fails what is in flight with AsynchronousCloseException and closes the handle
 * (the host closes it after those operations end).
 */
public final class THostAsynchronousFileChannel extends TAsynchronousFileChannel {
    private final File file;
    private final boolean readable;
    private final boolean writable;
    private final List<Operation> inFlight = new ArrayList<>();
    private boolean open = true;

    private THostAsynchronousFileChannel(File file, boolean readable, boolean writable) {
        this.file = file;
        this.readable = readable;
        this.writable = writable;
    }

    public static TAsynchronousFileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        OpenOptions o = new OpenOptions();
        boolean read = options.contains(StandardOpenOption.READ);
        boolean write = options.contains(StandardOpenOption.WRITE);
        if (options.contains(StandardOpenOption.APPEND)) {
            throw new UnsupportedOperationException("APPEND not allowed");
        }
        if (!read && !write) {
            read = true;
        }
        for (OpenOption option : options) {
            if (option == StandardOpenOption.TRUNCATE_EXISTING) {
                o.truncate(write);
            } else if (option == StandardOpenOption.CREATE) {
                o.create(write);
            } else if (option == StandardOpenOption.CREATE_NEW) {
                o.createNew(write);
            } else if (option != StandardOpenOption.READ && option != StandardOpenOption.WRITE) {
                throw new UnsupportedOperationException("WASM: AsynchronousFileChannel option " + option + " is not served by the host ABI");
            }
        }
        File file = File.open(path.toString(), o.read(read).write(write));
        return new THostAsynchronousFileChannel(file, read, write);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        for (Operation op : new ArrayList<>(inFlight)) {
            Proactor.cancel(op);
        }
        file.close();
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return file.metadata().size();
    }

    @Override
    public TAsynchronousFileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("Negative size");
        }
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        if (size < file.metadata().size()) {
            file.setLength(size);
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        if (metaData) {
            file.sync();
        } else {
            file.syncData();
        }
    }

    @Override
    public TFuture<Integer> read(ByteBuffer dst, long position) {
        TOperationFuture<Integer> f = new TOperationFuture<>();
        transfer(true, dst, position, f, null, null);
        return f;
    }

    @Override
    public <A> void read(ByteBuffer dst, long position, A attachment, TCompletionHandler<Integer, ? super A> handler) {
        if (handler == null) {
            throw new NullPointerException("'handler' is null");
        }
        transfer(true, dst, position, null, attachment, handler);
    }

    @Override
    public TFuture<Integer> write(ByteBuffer src, long position) {
        TOperationFuture<Integer> f = new TOperationFuture<>();
        transfer(false, src, position, f, null, null);
        return f;
    }

    @Override
    public <A> void write(ByteBuffer src, long position, A attachment, TCompletionHandler<Integer, ? super A> handler) {
        if (handler == null) {
            throw new NullPointerException("'handler' is null");
        }
        transfer(false, src, position, null, attachment, handler);
    }

    private <A> void transfer(boolean read, ByteBuffer buf, long position, TOperationFuture<Integer> future, A attachment,
            TCompletionHandler<Integer, ? super A> handler) {
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        if (read && buf.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        if (read ? !readable : !writable) {
            throw read ? new NonReadableChannelException() : new NonWritableChannelException();
        }
        if (!open) {
            settle(future, attachment, handler, 0, new ClosedChannelException());
            return;
        }
        int n = Math.min(buf.remaining(), File.CHUNK);
        if (n == 0) {
            settle(future, attachment, handler, 0, null);
            return;
        }
        int handle;
        try {
            handle = file.handle();
        } catch (IOException e) {
            settle(future, attachment, handler, 0, e);
            return;
        }
        LinearMemory region = LinearMemory.allocate(n);
        if (!read) {
            byte[] bytes = new byte[n];
            buf.duplicate().get(bytes);
            region.copyFrom(bytes, 0, 0, n);
        }
        Operation op = read ? Operation.read(handle, region, n, position) : Operation.write(handle, region, n, position);
        if (future != null) {
            future.attach(op);
        }
        inFlight.add(op);
        Proactor.submit(op, done -> {
            inFlight.remove(done);
            int r = done.result();
            try {
                if (!open || r == -HostError.ECANCELED) {
                    settle(future, attachment, handler, 0, new TAsynchronousCloseException());
                } else if (r < 0) {
                    settle(future, attachment, handler, 0, HostErrors.forHandle(-r));
                } else if (read) {
                    if (r > 0) {
                        byte[] bytes = new byte[r];
                        done.memory().copyTo(0, bytes, 0, r);
                        buf.put(bytes);
                    }
                    settle(future, attachment, handler, r == 0 ? -1 : r, null);
                } else {
                    buf.position(buf.position() + r);
                    settle(future, attachment, handler, r, null);
                }
            } finally {
                done.release();
            }
        });
    }

    private static <A> void settle(TOperationFuture<Integer> future, A attachment, TCompletionHandler<Integer, ? super A> handler,
            int result, Throwable failure) {
        if (future != null) {
            if (failure != null) {
                future.fail(failure);
            } else {
                future.complete(result);
            }
            return;
        }
        new Thread(() -> {
            if (failure != null) {
                handler.failed(failure, attachment);
            } else {
                handler.completed(result, attachment);
            }
        }, "rusticated-aio-handler").start();
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
