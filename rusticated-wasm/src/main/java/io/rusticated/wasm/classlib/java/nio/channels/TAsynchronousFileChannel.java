package io.rusticated.wasm.classlib.java.nio.channels;

import io.rusticated.wasm.classlib.java.util.concurrent.TFuture;
import io.rusticated.wasm.classlib.java.rusticated.THostAsynchronousFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * java.nio.channels.AsynchronousFileChannel for a guest on rusticated (absent from TeaVM's class
 * library): rusticated's substitution policy puts this class in its place, and the channel it
 * opens submits each read and write to the host as one operation. TeaVM renames the types only
 * inside substituted classes (and not in their nested ones), so every class that names a
 * substituted type is a substitute itself: the channel is {@code THostAsynchronousFileChannel}
 * (in the guest {@code java.rusticated.HostAsynchronousFileChannel}), and none has inner classes.
 */
public abstract class TAsynchronousFileChannel implements Channel {
    protected TAsynchronousFileChannel() {
    }

    public static TAsynchronousFileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>();
        for (OpenOption o : options) {
            set.add(o);
        }
        return THostAsynchronousFileChannel.open(file, set);
    }

    public abstract long size() throws IOException;

    public abstract TAsynchronousFileChannel truncate(long size) throws IOException;

    public abstract void force(boolean metaData) throws IOException;

    public abstract <A> void read(ByteBuffer dst, long position, A attachment, TCompletionHandler<Integer, ? super A> handler);

    public abstract TFuture<Integer> read(ByteBuffer dst, long position);

    public abstract <A> void write(ByteBuffer src, long position, A attachment, TCompletionHandler<Integer, ? super A> handler);

    public abstract TFuture<Integer> write(ByteBuffer src, long position);
}
