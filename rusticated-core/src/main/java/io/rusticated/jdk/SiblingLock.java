package io.rusticated.jdk;

import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/** A lock the built-in sibling channel holds, presented as the rusticated channel's own. */
final class SiblingLock extends FileLock {
    private final FileLock inner;

    SiblingLock(FileChannel channel, FileLock inner) {
        super(channel, inner.position(), inner.size(), inner.isShared());
        this.inner = inner;
    }

    SiblingLock(AsynchronousFileChannel channel, FileLock inner) {
        super(channel, inner.position(), inner.size(), inner.isShared());
        this.inner = inner;
    }

    @Override
    public boolean isValid() {
        return inner.isValid();
    }

    @Override
    public void release() throws IOException {
        inner.release();
    }
}
