package io.rusticated.wasm.jdk;

import io.rusticated.wasm.abi.Host;
import io.rusticated.wasm.fs.File;
import java.io.IOException;
import java.io.InputStream;

/**
 * System.in: each read is one READ of the host's standard input at its position, of up to the
 * length asked (at most 1 MiB), returning what that read gives, as the JDK's FileInputStream does.
 */
final class ConsoleInputStream extends InputStream {
    private final File stdin = File.ofHandle(Host.STDIN, "<stdin>");
    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            if (off < 0 || off > b.length) {
                throw new IndexOutOfBoundsException();
            }
            return 0;
        }
        int n = stdin.read(b, off, len);
        return n == 0 ? -1 : n;
    }
}
