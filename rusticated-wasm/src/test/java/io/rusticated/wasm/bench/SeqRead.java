package io.rusticated.wasm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A plain JDK program for rusticated-wasm/bench.sh: reads the file named by its argument from
 * start to end through Files.newInputStream with a 1 MiB array (on WASM: one host READ per MiB),
 * and prints the bytes read and the nanoseconds the loop took.
 */
public final class SeqRead {
    private SeqRead() {
    }

    public static void main(String[] args) throws IOException {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                total += n;
            }
        }
        long ns = System.nanoTime() - t0;
        System.out.println(total + " " + ns);
    }
}
