package io.rusticated.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;

/**
 * The JDK's blocking positional read, {@link FileChannel#read(ByteBuffer, long)}, one at a time
 * (queue depth 1 per thread), into a direct buffer. Each thread opens its own channel, the JDK's
 * best case (no sharing of the channel's internal thread set).
 */
final class FileChannelReads implements Worker {
    private final Spec spec;
    private final FileChannel channel;
    private final Offsets offsets;
    private final ByteBuffer buffer;

    FileChannelReads(Spec spec, int index) throws Exception {
        this.spec = spec;
        OpenOption[] options = spec.direct()
                ? new OpenOption[] {StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT}
                : new OpenOption[] {StandardOpenOption.READ};
        this.channel = FileChannel.open(spec.file(), options);
        this.offsets = spec.offsets(index);
        this.buffer = ByteBuffer.allocateDirect(spec.blockSize() + 4096).alignedSlice(4096).limit(spec.blockSize()).slice();
    }

    @Override
    public long run(long deadline, long maxOps, Histogram latencies) throws Exception {
        long done = 0;
        long now = System.nanoTime();
        while (done < maxOps && now - deadline < 0) {
            buffer.clear();
            long at = offsets.next();
            int n = channel.read(buffer, at);
            long end = System.nanoTime();
            spec.checkRead(n);
            latencies.record(end - now);
            done++;
            now = end;
        }
        return done;
    }

    @Override
    public void close() throws Exception {
        channel.close();
    }
}
