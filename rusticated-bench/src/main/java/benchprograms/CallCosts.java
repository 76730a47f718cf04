package benchprograms;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A plain JDK program (it imports only {@code java.*}) for the target benchmark: the cost of one
 * call of each kind a program makes all the time, measured in this process on whatever serves it
 * (rusticated on the image, the JDK on a stock JDK). Each call is made in rounds of
 * {@code ROUND} until {@code millis} ms have passed (warm-up), then for as many rounds as fit in
 * {@code millis} ms again; prints one line per call, {@code name nanos-per-call}, to the file
 * named, since standard output is one of the things measured (run.sh sends it to /dev/null).
 *
 * <pre>java -cp DIR benchprograms.CallCosts WORKDIR RESULTS [millis]</pre>
 */
public final class CallCosts {
    private static final int ROUND = 200;
    private static volatile Object sink;

    private CallCosts() {
    }

    private interface Call {
        void run() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path results = Path.of(args[1]);
        long millis = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        Path small = Files.write(dir.resolve("small-1k.bin"), new byte[1024]);
        Path missing = dir.resolve("no-such-file");
        Path listed = Files.createDirectories(dir.resolve("listed"));
        for (int i = 0; i < 20; i++) {
            Files.write(listed.resolve("entry-" + i), new byte[0]);
        }
        StringBuilder out = new StringBuilder();
        try (OutputStream file = Files.newOutputStream(dir.resolve("bytes.bin"))) {
            out.append(measure("write-1-byte-newOutputStream", millis, () -> file.write(42)));
        }
        out.append(measure("exists", millis, () -> sink = Files.exists(small)));
        out.append(measure("exists-missing", millis, () -> sink = Files.exists(missing)));
        out.append(measure("readAttributes", millis, () -> sink = Files.readAttributes(small, BasicFileAttributes.class).size()));
        PrintStream stdout = System.out;
        out.append(measure("println", millis, () -> stdout.println("a line of about forty characters, say.")));
        out.append(measure("readAllBytes-1k", millis, () -> sink = Files.readAllBytes(small)));
        out.append(measure("newDirectoryStream-20", millis, () -> {
            try (var s = Files.newDirectoryStream(listed)) {
                int n = 0;
                for (Path ignored : s) {
                    n++;
                }
                sink = n;
            }
        }));
        Files.writeString(results, out.toString(), StandardCharsets.UTF_8);
    }

    private static String measure(String name, long millis, Call call) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            for (int i = 0; i < ROUND; i++) {
                call.run();
            }
        }
        long calls = 0;
        long start = System.nanoTime();
        end = start + millis * 1_000_000;
        long now;
        do {
            for (int i = 0; i < ROUND; i++) {
                call.run();
            }
            calls += ROUND;
            now = System.nanoTime();
        } while (now < end);
        return name + " " + (now - start) / calls + "\n";
    }
}
