package io.rusticated.conformance.net;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Running out of descriptors in an accept loop (EMFILE, research networking.md §5 trap 1): the
 * listener stays readable and every accept fails at once, so a loop that re-arms at once spins.
 * rusticated reports the error to a waiting {@code next()}, pauses while errors persist, and
 * accepts everyone once descriptors return. Spinning is measured in turns of the loop during an
 * idle wait, not in time. The child runs under {@code ulimit -n} of a POSIX shell; its clients
 * are the JDK's channels (scenery).
 */
@Needs({Feature.SOCKETS, Feature.POSIX_SHELL})
class AcceptWithoutDescriptorsTest {
    /** Turns an idle wait may take: its timer, a paused accept's timer, a few wakeups; a spin takes thousands. */
    private static final int MAX_IDLE_TURNS = 20;

    @Test
    void keepsAcceptingOnceDescriptorsReturnAndNeverSpins() throws Exception {
        int clients = 6;
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "ulimit -n 128 && exec \"$@\"", "sh",
                java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
        String backend = System.getProperty("rusticated.backend");
        if (backend != null) {
            cmd.add("-Drusticated.backend=" + backend); // the child runs on this run's backend
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AcceptWithoutDescriptors.class.getName(), String.valueOf(clients)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<SocketChannel> connected = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String first = out.readLine();
            assertThat(first).as("the child's first line").startsWith("port ");
            int port = Integer.parseInt(first.substring(5));
            for (int i = 0; i < clients; i++) {
                connected.add(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            }
            OutputStream toChild = p.getOutputStream();
            toChild.write('\n');
            toChild.flush();
            StringBuilder all = new StringBuilder(first).append('\n');
            for (String line; (line = out.readLine()) != null; ) {
                all.append(line).append('\n');
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String report = all.toString();
            assertThat(p.exitValue()).as(report).isZero();
            assertThat(report).contains("Too many open files").contains("recovered " + clients).doesNotContain("accepted while");
            long turns = Long.parseLong(report.replaceAll("(?s).*turns (\\d+).*", "$1"));
            assertThat(turns).as("turns of the loop during an idle wait without descriptors\n" + report).isLessThanOrEqualTo(MAX_IDLE_TURNS);
            System.out.println("AcceptWithoutDescriptorsTest: " + report.replace('\n', ';'));
        } finally {
            for (SocketChannel c : connected) {
                c.close();
            }
            p.destroyForcibly();
        }
    }
}
