package io.rusticated.wasm.jdk;

import io.rusticated.wasm.fs.File;
import java.io.IOException;
import java.io.OutputStream;

/** Files.newOutputStream: each write goes to the host whole (WRITEs of up to 1 MiB, short writes looped). */
final class HostFileOutputStream extends OutputStream {
    private final File file;
    private final byte[] one = new byte[1];

    HostFileOutputStream(File file) {
        this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        file.writeAll(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        file.writeAll(b, off, len);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
