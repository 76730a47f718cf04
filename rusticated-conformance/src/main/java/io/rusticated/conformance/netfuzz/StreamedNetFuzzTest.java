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
 * {@link NetFuzzTest}'s scripts with rusticated's reads taken from a stream of reads per end
 * ({@link StreamedSockets}: {@code readMulti}, a multishot receive where the backend has one),
 * against the JDK's channels' plain reads: the same transcript, so a stream ends after a shutdown
 * of reading, a reset or a close as the JDK's reads do, later reads answer as the JDK's, and no
 * byte is lost or doubled.
 *
 * <p>Seeds as in {@link NetFuzzTest}: {@code -Drusticated.fuzz.seed=N} replays a run,
 * {@code -Drusticated.netfuzz.streamedScripts=N} sets how many scripts ({@value #SCRIPTS} in
 * {@code verify}), {@code -Drusticated.netfuzz.script=S} plays one script alone.
 */
@Needs({Feature.SOCKETS, Feature.THREADS})
class StreamedNetFuzzTest {
    static final int SCRIPTS = 30;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void streamedReadsAgreeWithTheJdksReads() throws Exception {
        Long only = Long.getLong("rusticated.netfuzz.script");
        long seed = Long.getLong("rusticated.fuzz.seed", System.nanoTime());
        int scripts = only != null ? 1 : Integer.getInteger("rusticated.netfuzz.streamedScripts", SCRIPTS);
        SplittableRandom seeds = new SplittableRandom(seed);
        int steps = 0;
        for (int i = 0; i < scripts; i++) {
            Script script = Script.generate(only != null ? only : seeds.nextLong());
            steps += play(script, only != null ? "" : "seed " + seed + ", script " + (i + 1) + " of " + scripts + ", ");
        }
        System.out.println("StreamedNetFuzzTest: seed " + seed + ", " + scripts + " scripts, " + steps + " steps, transcripts equal");
    }

    /** Plays the script with streamed reads and on the JDK's channels and compares the transcripts; the script's step count. */
    private static int play(Script script, String context) throws Exception {
        String where = context + "script seed " + script.seed + " (replay it alone with -Drusticated.netfuzz.script=" + script.seed + ")";
        List<String> ours;
        List<String> theirs;
        try (EventLoop loop = EventLoop.open(); StreamedSockets streamed = new StreamedSockets(loop)) {
            ours = Run.of(script, streamed, "rusticated (streamed reads)", false, true);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("rusticated with streamed reads failed on " + where + ": " + e.getMessage(), e);
        }
        try (JdkSockets jdk = new JdkSockets()) {
            theirs = Run.of(script, jdk, "JDK", false, true);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("the JDK's channels failed on " + where + ": " + e.getMessage(), e);
        }
        if (!ours.equals(theirs)) {
            throw new AssertionError("rusticated's streamed reads and the JDK's channels differ on " + where + "\n" + Transcripts.diff(ours, theirs));
        }
        return script.steps.size();
    }
}
