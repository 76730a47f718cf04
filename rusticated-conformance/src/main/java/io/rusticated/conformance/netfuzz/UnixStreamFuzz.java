package io.rusticated.conformance.netfuzz;

import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scripts of {@link NetFuzzTest} over Unix-domain stream sockets: rusticated's
 * {@code UnixStream}/{@code UnixListener} at a path or at a Linux abstract name, against the JDK's
 * {@code SocketChannel}/{@code ServerSocketChannel} opened with {@code StandardProtocolFamily.UNIX}
 * at a path (the JDK has no abstract names; what a script does on a connection does not depend on
 * how its listener is named). What the run's model calls a reset is, on a Unix stream, a close with
 * unread data: the peer's next read fails with "Connection reset" once it read what was queued
 * (Linux, unix_release_sock); SO_LINGER changes nothing there, in either implementation.
 *
 * <p>Public for the OS modules whose own tests run it with abstract names ({@link UnixFuzzTest}
 * runs it at paths). {@code -Drusticated.fuzz.seed}, {@code -Drusticated.netfuzz.scripts} and
 * {@code -Drusticated.netfuzz.script} as for {@link NetFuzzTest}.
 */
public final class UnixStreamFuzz {
    /** Scripts per run: about a third of the TCP fuzz's, as each plays over the same model. */
    public static final int SCRIPTS = 20;

    private UnixStreamFuzz() {
    }

    /** Plays the run's scripts in worlds made in {@code dir} and fails at the first difference; prints the counts. */
    public static void run(Path dir, boolean abstractName) throws IOException {
        Long only = Long.getLong("rusticated.netfuzz.script");
        long seed = Long.getLong("rusticated.fuzz.seed", System.nanoTime());
        int scripts = only != null ? 1 : Integer.getInteger("rusticated.netfuzz.scripts", SCRIPTS);
        SplittableRandom seeds = new SplittableRandom(seed);
        int steps = 0;
        for (int i = 0; i < scripts; i++) {
            Script script = Script.generate(only != null ? only : seeds.nextLong());
            String context = only != null ? "" : "seed " + seed + ", script " + (i + 1) + " of " + scripts + ", ";
            steps += play(script, dir.resolve(Integer.toString(i)), abstractName, context);
        }
        System.out.println("UnixStreamFuzz (" + (abstractName ? "abstract names" : "paths") + "): seed " + seed + ", " + scripts + " scripts, "
                + steps + " steps, transcripts equal");
    }

    private static int play(Script script, Path dir, boolean abstractName, String context) throws IOException {
        String where = context + "script seed " + script.seed + " (replay it alone with -Drusticated.netfuzz.script=" + script.seed + ")";
        Path ours = Files.createDirectories(dir.resolve("rusticated"));
        Path theirs = Files.createDirectories(dir.resolve("jdk"));
        List<String> rusticated;
        List<String> jdk;
        try (EventLoop loop = EventLoop.open(); RusticatedSockets world = new RusticatedSockets(loop, RusticatedFamily.unix(loop, ours, abstractName))) {
            rusticated = Run.of(script, world, "rusticated", true);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("rusticated failed on " + where + ": " + e.getMessage(), e);
        }
        try (JdkSockets world = new JdkSockets(JdkFamily.unix(theirs))) {
            jdk = Run.of(script, world, "JDK", true);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("the JDK's channels failed on " + where + ": " + e.getMessage(), e);
        }
        if (!rusticated.equals(jdk)) {
            throw new AssertionError("rusticated and the JDK's channels differ on " + where + "\n" + Transcripts.diff(rusticated, jdk));
        }
        return script.steps.size();
    }
}
