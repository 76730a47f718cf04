package io.rusticated.bench.net;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The C side of the networking benchmark, built as net.sh builds it: the load generator drives the
 * C io_uring and epoll echo servers and a rusticated one in closed and open loop, and its results
 * make a report; a server that corrupts a byte or closes a connection fails the load generator.
 * No timing: the windows are a fraction of a second and only their shape is checked.
 */
class LoadGeneratorTest {
    static final Path C = Path.of("src/main/c");
    static final Path OUT = Path.of("target/test-c");

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/include/liburing.h")), "liburing-dev is not installed (.ci/run installs it)");
        Files.createDirectories(OUT);
        for (String program : List.of("echo_load", "echo_uring", "echo_epoll")) {
            Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", OUT.resolve(program).toString(),
                    C.resolve(program + ".c").toString(), "-luring", "-lm").redirectErrorStream(true).start();
            String said = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(gcc.waitFor()).as("gcc %s: %s", program, said).isZero();
        }
    }

    /** Runs the load generator to its end; returns its standard output's lines. */
    static List<String> load(int port, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(OUT.resolve("echo_load").toString(), "-P", Integer.toString(port)));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("echo_load finished").isTrue();
        assertThat(p.exitValue()).as("echo_load %s exit status; output: %s", String.join(" ", options), out).isZero();
        return out.lines().toList();
    }

    /** Starts a C server on a free port; returns it, its port read from its first line. */
    static Process cServer(String program, int[] port) throws IOException {
        Process p = new ProcessBuilder(OUT.resolve(program).toString(), "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertThat(first).startsWith("listening ");
        port[0] = Integer.parseInt(first.substring("listening ".length()).strip());
        return p;
    }

    static void checkWindows(List<String> lines, String label, int windows) {
        assertThat(lines).hasSize(windows);
        for (String line : lines) {
            String[] f = line.split("\t");
            assertThat(f).hasSize(16);
            assertThat(f[0]).isEqualTo("win");
            assertThat(f[2]).isEqualTo(label);
            assertThat(Long.parseLong(f[8])).as("messages echoed in %s", line).isPositive();
            assertThat(Long.parseLong(f[12])).as("p50 in %s", line).isPositive();
        }
    }

    @Test
    void drivesTheCServersAndARusticatedOneInClosedAndOpenLoop(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> all = new ArrayList<>();
        for (String program : List.of("echo_uring", "echo_epoll")) {
            int[] port = new int[1];
            Process server = cServer(program, port);
            try {
                String label = program.equals("echo_uring") ? NetReport.C_URING : "C epoll";
                List<String> closed = load(port[0], "-c", "8", "-m", "64", "-w", "0.1", "-t", "0.2", "-n", "2", "-g", "closed", "-l", label,
                        "-p", Long.toString(server.pid()));
                checkWindows(closed, label, 2);
                assertThat(Long.parseLong(closed.get(0).split("\t")[11])).as("server CPU is read from /proc").isGreaterThanOrEqualTo(0);
                List<String> big = load(port[0], "-c", "3", "-m", "200000", "-d", "2", "-w", "0", "-t", "0.2", "-n", "1", "-g", "closed", "-l", label);
                checkWindows(big, label, 1);
                List<String> open = load(port[0], "-c", "8", "-m", "64", "-r", "2000", "-w", "0.1", "-t", "0.2", "-n", "1", "-g", "open50", "-l", label);
                checkWindows(open, label, 1);
                all.addAll(closed);
                all.addAll(open);
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (EchoServer server = EchoServer.start("rusticated-ops", 0)) {
            List<String> closed = load(server.port(), "-c", "8", "-m", "16384", "-w", "0.1", "-t", "0.2", "-n", "1", "-g", "closed", "-l",
                    NetReport.OPS);
            checkWindows(closed, NetReport.OPS, 1);
            all.addAll(closed);
        }
        // The report reads what the load generator wrote.
        Files.write(dir.resolve("net.tsv"), all);
        Files.writeString(dir.resolve("meta.properties"), "date=today\nload_before=1 1 1\n");
        String section = new NetReport(dir).render("");
        assertThat(section).startsWith(NetReport.BEGIN).contains(NetReport.END)
                .contains("### Request/response, 64 B messages (closed loop)").contains("| 8 | C io_uring |").contains("| 8 | C epoll |")
                .contains("### Latency at a fixed offered load").contains("| 8 | rusticated Operation (io_uring) |");
    }

    @Test
    void failsOnAServerThatCorruptsAByteOrCloses() throws Exception {
        for (boolean corrupt : new boolean[]{true, false}) {
            try (ServerSocket listener = new ServerSocket(0, 50, EchoServersTest.LOOPBACK)) {
                Thread.ofPlatform().daemon().start(() -> {
                    try (Socket s = listener.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        byte[] b = new byte[64];
                        for (int n = 0; n < 100; n++) {
                            in.readNBytes(b, 0, 64);
                            if (n == 50 && corrupt) {
                                b[0] ^= 1;
                            }
                            out.write(b);
                        }
                        // then: close (after 100 good messages when not corrupting)
                    } catch (IOException e) {
                        // the load generator gave up: expected
                    }
                });
                Process p = new ProcessBuilder(OUT.resolve("echo_load").toString(), "-P", Integer.toString(listener.getLocalPort()), "-c", "1",
                        "-m", "64", "-w", "0", "-t", "5", "-n", "1").redirectErrorStream(true).start();
                String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(said).isEqualTo(1);
                assertThat(said).contains(corrupt ? "received bytes that were not sent" : "the server closed connection");
            }
        }
    }

    @Test
    void splicesTheSectionIntoTheDocumentOnce() {
        String section = NetReport.BEGIN + "\nnew\n" + NetReport.END + "\n";
        String doc = "# Benchmarks\n\nbefore\n";
        String once = NetReport.splice(doc, section);
        assertThat(once).isEqualTo("# Benchmarks\n\nbefore\n\n" + NetReport.BEGIN + "\nnew\n" + NetReport.END + "\n");
        String again = NetReport.splice(once.replace("before", "kept"), section.replace("new", "newer"));
        assertThat(again).isEqualTo("# Benchmarks\n\nkept\n\n" + NetReport.BEGIN + "\nnewer\n" + NetReport.END + "\n");
    }
}
