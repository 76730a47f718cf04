package io.rusticated.fs;

import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.HandleRole;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads a directory asynchronously, a batch of entries per system call ({@code .} and {@code ..}
 * left out). Not thread-safe: one reader, one consumer. The directory handle closes itself at the
 * end; {@link #close()} closes it early.
 */
public final class DirReader {
    private final EventLoop loop;
    private final OwnedHandle handle;
    private final Path path;
    private final NativePath nativePath;
    private List<DirEntry> batch = List.of();
    private int next;
    private boolean ended;

    DirReader(EventLoop loop, long handle, Path path, NativePath nativePath) {
        this.loop = loop;
        this.handle = new OwnedHandle(loop, handle, HandleRole.DIRECTORY);
        this.path = path;
        this.nativePath = nativePath;
    }

    public Path path() {
        return path;
    }

    /** The next entry, or null at the end. */
    public CompletionStage<DirEntry> next() {
        if (next < batch.size()) {
            return CompletableFuture.completedFuture(batch.get(next++));
        }
        return nextBatch().thenApply(b -> {
            if (b.isEmpty()) {
                return null;
            }
            batch = b;
            next = 1;
            return b.get(0);
        });
    }

    /** The next batch of entries; empty at the end. */
    public CompletionStage<List<DirEntry>> nextBatch() {
        if (next < batch.size()) {
            List<DirEntry> rest = batch.subList(next, batch.size());
            next = batch.size();
            return CompletableFuture.completedFuture(rest);
        }
        if (ended) {
            return CompletableFuture.completedFuture(List.of());
        }
        @SuppressWarnings("unchecked")
        FutureOperation<List<DirEntry>> op = (FutureOperation<List<DirEntry>>) (FutureOperation<?>) Ops.payload(List.class);
        op.prepareReadDir(handle.handle(), nativePath);
        loop.submit(handle, op);
        return op.future().thenCompose(raw -> {
            if (raw.isEmpty()) {
                ended = true;
                return close().thenApply(v -> List.<DirEntry>of());
            }
            List<DirEntry> entries = new ArrayList<>(raw.size());
            for (DirEntry e : raw) {
                entries.add(new DirEntry(e.name(), path.resolve(e.name()), e.type(), e.inode()));
            }
            return CompletableFuture.completedFuture(entries);
        });
    }

    /** Every remaining entry. */
    public CompletionStage<List<DirEntry>> collect() {
        List<DirEntry> all = new ArrayList<>();
        return collectInto(all);
    }

    private CompletionStage<List<DirEntry>> collectInto(List<DirEntry> all) {
        return nextBatch().thenCompose(b -> {
            if (b.isEmpty()) {
                return CompletableFuture.completedFuture(all);
            }
            all.addAll(b);
            return collectInto(all);
        });
    }

    /** Closes the directory handle once a batch read in flight completed (it fails then). Idempotent. */
    public CompletionStage<Void> close() {
        return handle.close();
    }
}
