package io.rusticated.linux.jdk;

import io.rusticated.linux.jdk.ChildJvm.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random bytes as standard input of a plain JDK program ({@link ConsoleChild} {@code digest}),
 * read through rusticated's {@code System.in} (the system class loader installed) and through the
 * stock JDK's: what the program saw (counts and checksums of bytes or decoded lines) must be the
 * same, with exit code 0, nothing on stderr and no crash file. Inputs: binary with NULs and bytes
 * that are not UTF-8, text lines with invalid sequences and CR/LF mixes, and several MiB at once;
 * given as a file or through a pipe. On the epoll run the children are on epoll too.
 *
 * <p>The seed is random and printed with any difference; {@code -Drusticated.fuzz.seed=N} replays it.
 */
class ConsoleFuzzTest {
    private static final int INPUTS = 3;

    @TempDir
    Path dir;

    static byte[] input(Random r, int kind) {
        return switch (kind) {
            case 0 -> binary(r, 1 + r.nextInt(200_000));
            case 1 -> lines(r, 1 + r.nextInt(3000));
            default -> binary(r, (4 << 20) + r.nextInt(4 << 20)); // several MiB
        };
    }

    /** Random bytes, a tenth of them NUL, newline or CR. */
    private static byte[] binary(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        byte[] special = {0, '\n', '\r'};
        for (int i = 0; i < n / 10; i++) {
            b[r.nextInt(n)] = special[r.nextInt(special.length)];
        }
        return b;
    }

    /** Lines of UTF-8 text with invalid sequences, NULs, lone CRs, CRLF, and maybe no final line end. */
    private static byte[] lines(Random r, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] pieces = {"a", "line", " ", "é", "中", "😀", "\t", "\0", "\r"};
        byte[][] invalid = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xe4, (byte) 0xb8}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0x80}};
        for (int i = 0; i < count; i++) {
            for (int k = r.nextInt(Math.max(1, r.nextInt(300))); k > 0; k--) {
                if (r.nextInt(20) == 0) {
                    out.writeBytes(invalid[r.nextInt(invalid.length)]);
                } else {
                    out.writeBytes(pieces[r.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            if (i < count - 1 || r.nextBoolean()) {
                out.writeBytes(r.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
            }
        }
        return out.toByteArray();
    }

    private List<String> options(boolean rusticated) {
        List<String> o = new ArrayList<>();
        if (rusticated) {
            o.add(ChildJvm.LOADER);
            String backend = System.getProperty("rusticated.backend");
            if (backend != null) {
                o.add("-Drusticated.backend=" + backend);
            }
        }
        o.add("-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"));
        return o;
    }

    @Test
    void randomStandardInputReadsAsOnTheJdk() throws Exception {
        long seed = Long.getLong("rusticated.fuzz.seed", System.nanoTime());
        Random r = new Random(seed);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            byte[] in = input(r, i);
            boolean piped = r.nextBoolean();
            List<String> launch = ChildJvm.main(ChildJvm.classPath(), "digest");
            launch = Stream.concat(launch.stream(), Stream.of(Long.toString(r.nextLong()), Boolean.toString(!piped))).toList();
            Run ours = ChildJvm.run(dir, options(true), launch, in, piped, false);
            Run jdk = ChildJvm.run(dir, options(false), launch, in, piped, false);
            String what = "input " + i + " (" + in.length + " bytes, " + (piped ? "pipe" : "file") + ")";
            if (!ours.trace().contains("READ handle=0")) {
                differences.add(what + ": standard input was not read through rusticated; trace: " + ours.trace().lines().limit(5).toList());
            }
            if (ours.exit() != 0 || jdk.exit() != 0 || !ours.err().isEmpty() || !ours.out().equals(jdk.out())) {
                differences.add(what + ": rusticated exit " + ours.exit() + " out [" + ours.out().strip() + "] err [" + ours.err().strip()
                        + "]; jdk exit " + jdk.exit() + " out [" + jdk.out().strip() + "]");
            }
        }
        try (Stream<Path> crashes = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("hs_err"))) {
            differences.addAll(crashes.map(p -> "JVM crash: " + p).toList());
        }
        assertThat(differences).as("seed %d (replay with -Drusticated.fuzz.seed=%d)", seed, seed).isEmpty();
    }
}
