package io.rusticated.linux.net;

import io.rusticated.linux.NativeTestSupport;
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
 * Running out of descriptors while accepting (EMFILE): the listener stays readable and every
 * accept fails at once, so a loop that re-arms at once spins at 100 % (research networking.md §5
 * trap 1): on io_uring a re-armed ACCEPT fails at once, on epoll a level-triggered listener is
 * reported ready at once. Either backend ends the multishot accept with the error instead of
 * trying again; rusticated reports it to a waiting next(), pauses one second while errors persist,
 * and accepts everyone once descriptors return. The suite runs this on both backends (the child
 * gets -Drusticated.backend). Linux's: the child's limit is set with prlimit(1).
 */
class AcceptUnderEmfileTest {
    @Test
    void keepsAcceptingOnceDescriptorsReturnAndNeverSpins() throws Exception {
        int clients = 6;
        List<String> cmd = new ArrayList<>(List.of("prlimit", "--nofile=96", "--"));
        cmd.addAll(NativeTestSupport.javaCommand(AcceptUnderEmfile.class, String.valueOf(clients)));
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
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String report = all.toString();
            assertThat(p.exitValue()).as(report).isZero();
            assertThat(report).contains("Too many open files").contains("recovered " + clients).doesNotContain("accepted while");
            long submitted = Long.parseLong(report.replaceAll("(?s).*submitted (\\d+).*", "$1"));
            // Three seconds without descriptors: at most a few accepts per second plus the timers
            // of the child's own polling (60 in 3 s), never the thousands a re-arm at once costs.
            assertThat(submitted).as(report).isLessThan(200);
            // A backend that kept the listener armed would be woken at once, again and again, by a
            // listener that stays readable (epoll's level, io_uring's re-armed accept): thousands of
            // polls in three seconds (395 000 seen when a readiness backend waited for readability after
            // EMFILE), where the child's own 50 ms sleeps and the pauses take about 60.
            long polls = Long.parseLong(report.replaceAll("(?s).*polls (\\d+).*", "$1"));
            assertThat(polls).as(report).isLessThan(400);
        } finally {
            for (SocketChannel c : connected) {
                c.close();
            }
            p.destroyForcibly();
        }
    }
}
