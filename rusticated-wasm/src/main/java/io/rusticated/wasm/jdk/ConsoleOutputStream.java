package io.rusticated.wasm.jdk;

import io.rusticated.wasm.fs.File;
import java.io.IOException;
import java.io.OutputStream;

/**
 * System.out and System.err: every write goes to the host at once, whole, and is waited for, so
 * the two streams keep their order and nothing is left to flush at exit. (TeaVM's PrintStream does
 * not flush on println, so a buffer here would hold lines back.)
 */
final class ConsoleOutputStream extends OutputStream {
    private final File out;
    private final byte[] one = new byte[1];

    ConsoleOutputStream(int handle, String name) {
        out = File.ofHandle(handle, name);
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        out.writeAll(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.writeAll(b, off, len);
    }
}
