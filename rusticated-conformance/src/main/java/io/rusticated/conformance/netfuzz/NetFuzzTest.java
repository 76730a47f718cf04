package io.rusticated.conformance.netfuzz;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Random sequences of connect, write, read, shutdown, close, reset and cancel steps over a few TCP
 * connections on loopback, played once on rusticated's sockets and once on the JDK's own channels
 * (the oracle); the two transcripts must be the same (see {@link Run} for what is compared and
 * what is normalised, and why).
 *
 * <p>Each run draws a seed ({@code -Drusticated.fuzz.seed=N} replays one, as the other fuzz tests
 * do) and from it the seeds of {@value #SCRIPTS} scripts ({@code -Drusticated.netfuzz.scripts=N}
 * for more); a failure names the seed and the script's own seed, and
 * {@code -Drusticated.netfuzz.script=S} plays that script alone.
 */
@Needs({Feature.SOCKETS, Feature.THREADS})
class NetFuzzTest {
    static final int SCRIPTS = 60;

    /**
     * Scripts that found a defect, each played on every run: a cancelled connect left its socket
     * open with the connect in flight (5178074258443268125); a shutdown on a closed socket reached
     * the OS, whose descriptor number may name another socket by then (-5421234347857824914); a
     * close waited for ever for a pending send whose cancel io_uring had answered ENOENT
     * (-2788305610415506183); a read after shutting down reading failed with a reset seen before,
     * where the JDK's channels end the stream (-530455984241191040).
     */
    private static final long[] REGRESSIONS = {5178074258443268125L, -5421234347857824914L, -2788305610415506183L, -530455984241191040L};

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void rusticatedsSocketsAgreeWithTheJdksChannels() throws Exception {
        Long only = Long.getLong("rusticated.netfuzz.script");
        long seed = Long.getLong("rusticated.fuzz.seed", System.nanoTime());
        int scripts = only != null ? 1 : Integer.getInteger("rusticated.netfuzz.scripts", SCRIPTS);
        SplittableRandom seeds = new SplittableRandom(seed);
        int steps = 0;
        for (int i = 0; i < scripts; i++) {
            Script script = Script.generate(only != null ? only : seeds.nextLong());
            steps += play(script, (only != null ? "" : "seed " + seed + ", script " + (i + 1) + " of " + scripts + ", "));
        }
        System.out.println("NetFuzzTest: seed " + seed + ", " + scripts + " scripts, " + steps + " steps, transcripts equal");
    }

    @Test
    void scriptsThatFoundDefectsStillAgree() throws Exception {
        for (long s : REGRESSIONS) {
            play(Script.generate(s), "regression ");
        }
    }

    /** Plays the script on both implementations and compares the transcripts; the script's step count. */
    private static int play(Script script, String context) throws Exception {
        String where = context + "script seed " + script.seed + " (replay it alone with -Drusticated.netfuzz.script=" + script.seed + ")";
        List<String> ours;
        List<String> theirs;
        try (EventLoop loop = EventLoop.open(); RusticatedSockets rusticated = new RusticatedSockets(loop)) {
            ours = Run.of(script, rusticated, "rusticated");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("rusticated failed on " + where + ": " + e.getMessage(), e);
        }
        try (JdkSockets jdk = new JdkSockets()) {
            theirs = Run.of(script, jdk, "JDK");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("the JDK's channels failed on " + where + ": " + e.getMessage(), e);
        }
        if (!ours.equals(theirs)) {
            throw new AssertionError("rusticated and the JDK's channels differ on " + where + "\n" + Transcripts.diff(ours, theirs));
        }
        return script.steps.size();
    }
}
