package io.rusticated.wasm.jdk;

import io.rusticated.wasm.fs.File;
import java.io.IOException;
import java.io.InputStream;

/** Files.newInputStream: sequential READs of up to 1 MiB on a host file. */
final class HostFileInputStream extends InputStream {
    private final File file;
    private final byte[] one = new byte[1];

    HostFileInputStream(File file) {
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = file.read(b, off, len);
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
