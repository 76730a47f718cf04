package io.rusticated.conformance.netfuzz;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Random sequences of bind, connect, send to, send, receive from, receive, cancelled receive and
 * close over a few UDP sockets on loopback, sends to a closed port among them, played once on
 * rusticated's {@code UdpSocket}s and once on the JDK's {@code DatagramChannel}s (the oracle);
 * the transcripts must be equal ({@link UdpRun} says what the model expects and why).
 *
 * <p>{@code -Drusticated.fuzz.seed}, {@code -Drusticated.netfuzz.scripts} and
 * {@code -Drusticated.netfuzz.script} as for {@link NetFuzzTest}.
 */
@Needs({Feature.SOCKETS, Feature.THREADS})
class UdpFuzzTest {
    static final int SCRIPTS = 40;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void rusticatedsUdpSocketsAgreeWithTheJdksDatagramChannels() throws Exception {
        Long only = Long.getLong("rusticated.netfuzz.script");
        long seed = Long.getLong("rusticated.fuzz.seed", System.nanoTime());
        int scripts = only != null ? 1 : Integer.getInteger("rusticated.netfuzz.scripts", SCRIPTS);
        SplittableRandom seeds = new SplittableRandom(seed);
        int steps = 0;
        for (int i = 0; i < scripts; i++) {
            UdpScript script = UdpScript.generate(only != null ? only : seeds.nextLong());
            steps += play(script, only != null ? "" : "seed " + seed + ", script " + (i + 1) + " of " + scripts + ", ");
        }
        System.out.println("UdpFuzzTest: seed " + seed + ", " + scripts + " scripts, " + steps + " steps, transcripts equal");
    }

    private static int play(UdpScript script, String context) throws Exception {
        String where = context + "script seed " + script.seed + " (replay it alone with -Drusticated.netfuzz.script=" + script.seed + ")";
        InetSocketAddress closedPort = UdpRun.closedPort();
        List<String> ours;
        List<String> theirs;
        try (EventLoop loop = EventLoop.open(); RusticatedDatagrams rusticated = new RusticatedDatagrams(loop)) {
            ours = UdpRun.of(script, rusticated, "rusticated", closedPort);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("rusticated failed on " + where + ": " + e.getMessage(), e);
        }
        try (JdkDatagrams jdk = new JdkDatagrams()) {
            theirs = UdpRun.of(script, jdk, "JDK", closedPort);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("the JDK's channels failed on " + where + ": " + e.getMessage(), e);
        }
        if (!ours.equals(theirs)) {
            throw new AssertionError("rusticated and the JDK's channels differ on " + where + "\n" + Transcripts.diff(ours, theirs));
        }
        return script.steps.size();
    }
}
