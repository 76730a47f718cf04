package io.rusticated.runtime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random bytes as the demo's standard input on the image: names of the fixtures with random
 * decorations (blanks, CRLF, NUL, bytes that are not UTF-8, more lines), random bytes, names
 * longer than NAME_MAX, paths longer than PATH_MAX, and several MiB at once. The demo must never
 * crash or hang: an exit code it documents other than 1 (a bug), the prompt first, and on stderr
 * nothing (exit 0) or one {@code error: } line, never a stack trace; no hs_err file; done within
 * {@link Launch}'s time limit. And the stock JDK must answer each input the same way.
 *
 * <p>The seed is random and printed with any failure; {@code -Drusticated.fuzz.seed=N} replays it.
 */
class DemoFuzzIT {
    private static final String PROMPT = "File to inspect: ";
    private static final Set<Integer> DOCUMENTED = Set.of(0, 2, 3, 4, 5, 6, 7, 8);
    private static final int NAME_MAX = 255;
    private static final int PATH_MAX = 4096;
    private static final String[] NAMES = {"letter.txt", "lines.txt", "high.bin", "empty.txt", "sub", "link", "dangling", "loop", "fifo",
            "big.bin", "with space.txt", "/dev/null", "missing", "sub/../letter.txt", "./letter.txt", "/"};

    private static DemoFixtures files;
    private static Path crashes;

    @BeforeAll
    static void createFiles() throws Exception {
        files = new DemoFixtures();
        crashes = Files.createTempDirectory("demo-fuzz-crashes");
    }

    @AfterAll
    static void deleteFiles() throws Exception {
        if (files != null) {
            files.close();
        }
        try (Stream<Path> s = Files.list(crashes)) {
            if (s.findAny().isEmpty()) {
                Files.delete(crashes);
            }
        }
    }

    /** Input number {@code kind} of a run: each kind once per run, its content random. */
    static byte[] input(Random r, int kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (kind) {
            case 0, 1 -> { // a fixture's name, decorated
                String name = NAMES[r.nextInt(NAMES.length)];
                out.writeBytes(blanks(r));
                byte[] n = name.getBytes(StandardCharsets.UTF_8);
                int at = r.nextInt(n.length + 1);
                out.write(n, 0, at);
                switch (r.nextInt(4)) {
                    case 0 -> out.write(0);
                    case 1 -> out.write(0x80 + r.nextInt(0x80)); // not UTF-8 on its own
                    default -> { }
                }
                out.write(n, at, n.length - at);
                out.writeBytes(blanks(r));
                out.writeBytes(r.nextBoolean() ? "\r\n".getBytes(StandardCharsets.US_ASCII) : "\n".getBytes(StandardCharsets.US_ASCII));
                if (r.nextBoolean()) {
                    out.writeBytes(randomBytes(r, r.nextInt(100)));
                }
            }
            case 2 -> out.writeBytes(randomBytes(r, 1 + r.nextInt(400)));
            case 3 -> { // one name over NAME_MAX, or a path over PATH_MAX made of "./" that would name letter.txt
                if (r.nextBoolean()) {
                    out.writeBytes("x".repeat(NAME_MAX + 1 + r.nextInt(300)).getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.writeBytes(("./".repeat((PATH_MAX + r.nextInt(4000)) / 2) + "letter.txt").getBytes(StandardCharsets.US_ASCII));
                }
                out.write('\n');
            }
            case 4 -> { // several MiB in one line, half the time without NUL so that the name reaches the file system
                byte[] b = randomBytes(r, (2 << 20) + r.nextInt(2 << 20));
                boolean keepNul = r.nextBoolean();
                for (int i = 0; i < b.length; i++) {
                    if (b[i] == '\n' || b[i] == '\r' || (b[i] == 0 && !keepNul)) {
                        b[i] = 'n';
                    }
                }
                out.writeBytes(b);
                if (r.nextBoolean()) {
                    out.write('\n');
                }
            }
            default -> { // a good first line, then several MiB the demo never reads
                out.writeBytes("letter.txt\n".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(randomBytes(r, (4 << 20) + r.nextInt(2 << 20)));
            }
        }
        return out.toByteArray();
    }

    private static byte[] blanks(Random r) {
        return " \t ".substring(0, r.nextInt(4)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static Launch.Result demo(Path java, byte[] input) {
        return Launch.of(Runtimes.demoCommand(java, "-XX:ErrorFile=" + crashes.resolve("hs_err_%p.log"))).in(files.dir).input(input).run();
    }

    /** Why this run breaks the demo's contract, or null. */
    private static String broken(Launch.Result r) {
        if (!DOCUMENTED.contains(r.exitCode())) {
            return "exit code " + r.exitCode() + " is not one the demo documents (1 is an unexpected failure)";
        }
        if (!r.stdout().startsWith(PROMPT)) {
            return "stdout does not start with the prompt";
        }
        if (r.exitCode() == 0 ? !r.stderr().isEmpty() : !(r.stderr().startsWith("error: ") && r.stderr().indexOf('\n') == r.stderr().length() - 1)) {
            return "stderr is not " + (r.exitCode() == 0 ? "empty" : "one error: line");
        }
        if (r.stderr().contains("Exception in thread") || r.stderr().contains("\tat ")) {
            return "a stack trace";
        }
        return null;
    }

    @Test
    void randomInputNeitherCrashesNorHangsTheDemo() throws Exception {
        long seed = Long.getLong("rusticated.fuzz.seed", System.nanoTime());
        Random r = new Random(seed);
        List<String> failures = new ArrayList<>();
        List<Integer> exitCodes = new ArrayList<>();
        for (int kind = 0; kind < 6; kind++) {
            byte[] in = input(r, kind);
            String what = "input " + kind + " (" + in.length + " bytes)";
            Launch.Result ours;
            Launch.Result jdk;
            try {
                ours = demo(Runtimes.imageJava(), in);
                jdk = demo(Runtimes.stockJava(), in);
            } catch (AssertionError timedOut) {
                failures.add(what + ": " + timedOut.getMessage());
                continue;
            }
            exitCodes.add(ours.exitCode());
            String why = broken(ours);
            if (why != null) {
                failures.add(what + " on the image: " + why + "\n" + abbreviated(ours));
            } else if (!ours.equals(jdk)) {
                failures.add(what + ": the image and the stock JDK differ\n--- image ---\n" + abbreviated(ours) + "\n--- stock JDK ---\n" + abbreviated(jdk));
            }
        }
        try (Stream<Path> s = Files.list(crashes)) {
            failures.addAll(s.map(p -> "JVM crash: " + p).toList());
        }
        System.out.println("DemoFuzzIT seed " + seed + ": exit codes " + exitCodes);
        assertThat(failures).as("seed %d (replay with -Drusticated.fuzz.seed=%d)", seed, seed).isEmpty();
    }

    private static String abbreviated(Launch.Result r) {
        String s = r.toString();
        return s.length() > 2000 ? s.substring(0, 1000) + "\n...(" + s.length() + " chars)...\n" + s.substring(s.length() - 500) : s;
    }
}
