package io.rusticated.bench.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Turns one run of {@code rusticated-bench/net.sh} (its results directory: net.tsv, meta.properties)
 * into the networking section of docs/benchmarks.md, between {@value #BEGIN} and {@value #END}
 * (replaced in place, else appended): the targets met or missed, one table per message size with
 * ratios against the C io_uring server and Netty io_uring measured in the same run, latency at a
 * fixed offered load, system calls, allocation and memory per idle connection, then the
 * hand-written analysis (rusticated-bench/net-analysis.md).
 *
 * <pre>java -cp benchmarks.jar io.rusticated.bench.net.NetReport dir=RESULTS analysis=FILE into=docs/benchmarks.md</pre>
 */
public final class NetReport {
    static final String BEGIN = "<!-- net-bench:begin -->";
    static final String END = "<!-- net-bench:end -->";
    static final String C_URING = "C io_uring";
    static final String NETTY_URING = "Netty io_uring";
    static final String SELECTOR = "JDK Selector";
    static final String OPS = "rusticated Operation (io_uring)";
    static final String AIO = "JDK AIO";
    static final String AIO_IMAGE = "JDK AIO on the rusticated image";
    static final List<String> RUSTICATED_URING = List.of("rusticated futures (io_uring)", OPS, "rusticated readMulti (io_uring)");
    static final String POOLED_IDLE = "rusticated readManaged + BufferRing (io_uring)";

    /** One measured window of the load generator. */
    record Window(String group, String label, int conns, int size, double rate, long msgs, double seconds, long clientCpu,
                  long serverCpu, long p50, long p99, long p999, long late) {
        double msgsPerSecond() {
            return msgs / seconds;
        }

        double serverMicrosPerMsg() {
            return serverCpu < 0 || msgs == 0 ? Double.NaN : serverCpu / 1e3 / msgs;
        }

        double clientMicrosPerMsg() {
            return msgs == 0 ? Double.NaN : clientCpu / 1e3 / msgs;
        }
    }

    private final List<Window> windows = new ArrayList<>();
    private final List<String[]> sys = new ArrayList<>();
    private final List<String[]> alloc = new ArrayList<>();
    private final List<String[]> idle = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Set<String> labels = new LinkedHashSet<>();
    private final StringBuilder md = new StringBuilder();

    NetReport(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("meta.properties"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                meta.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Path tsv = dir.resolve("net.tsv");
        for (String line : Files.exists(tsv) ? Files.readAllLines(tsv) : List.<String>of()) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "win" -> {
                    Window w = new Window(f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), Double.parseDouble(f[6]),
                            Long.parseLong(f[8]), Double.parseDouble(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]),
                            Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]), Long.parseLong(f[15]));
                    windows.add(w);
                    labels.add(w.label());
                }
                case "sys" -> sys.add(f);
                case "alloc" -> alloc.add(f);
                case "idle" -> idle.add(f);
                case "fail" -> failures.putIfAbsent(f[1], f[2]);
                default -> throw new IllegalArgumentException("unknown line in " + tsv + ": " + line);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        NetReport r = new NetReport(Path.of(a.get("dir")));
        Path analysis = a.containsKey("analysis") ? Path.of(a.get("analysis")) : null;
        String section = r.render(analysis != null && Files.exists(analysis) ? Files.readString(analysis) : "");
        Path into = Path.of(a.get("into"));
        String doc = Files.exists(into) ? Files.readString(into) : "";
        Files.writeString(into, splice(doc, section));
    }

    /** The document with its networking section replaced by {@code section}, or with it appended. */
    static String splice(String doc, String section) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        if (b >= 0 && e > b) {
            return doc.substring(0, b) + section.strip() + doc.substring(e + END.length());
        }
        return doc + (doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n") + section.strip() + "\n";
    }

    // ---- aggregation ----

    private List<Window> cell(String group, String label, int conns, int size) {
        return windows.stream().filter(w -> w.group().equals(group) && w.label().equals(label) && w.conns() == conns && w.size() == size)
                .toList();
    }

    static double median(List<Window> ws, ToDoubleFunction<Window> f) {
        double[] v = ws.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Half the range over the median. */
    static double spread(List<Window> ws, ToDoubleFunction<Window> f) {
        double m = median(ws, f);
        double min = ws.stream().mapToDouble(f).min().orElse(0);
        double max = ws.stream().mapToDouble(f).max().orElse(0);
        return m == 0 || Double.isNaN(m) ? 0 : (max - min) / 2 / m;
    }

    private double rate(String label, int conns, int size) {
        return median(cell("closed", label, conns, size), Window::msgsPerSecond);
    }

    private double cpu(String label, int conns, int size) {
        return median(cell("closed", label, conns, size), Window::serverMicrosPerMsg);
    }

    private List<Integer> sizes() {
        return windows.stream().filter(w -> w.group().equals("closed")).map(Window::size).distinct().sorted().toList();
    }

    private List<Integer> conns(int size) {
        return windows.stream().filter(w -> w.group().equals("closed") && w.size() == size).map(Window::conns).distinct().sorted().toList();
    }

    private double syscallsPerMsg(String label, int size) {
        for (String[] s : sys) {
            if (s[2].equals(label) && Integer.parseInt(s[4]) == size) {
                double calls = Double.parseDouble(s[5]);
                double msgs = Double.parseDouble(s[6]);
                return calls < 0 || msgs == 0 ? Double.NaN : calls / msgs;
            }
        }
        return Double.NaN;
    }

    // ---- output ----

    private void line(String s) {
        md.append(s).append('\n');
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String x(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "—" : f("%.2fx", r);
    }

    private static String num(double v, String format) {
        return Double.isNaN(v) ? "—" : f(format, v);
    }

    private static String size(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? (bytes / 1024) + " KiB" : bytes + " B";
    }

    String render(String analysis) {
        line(BEGIN);
        line("## Networking: echo servers on loopback");
        line("");
        line("_Written by `rusticated-bench/net.sh` on " + meta.getOrDefault("date", "?") + " (`run.sh` calls it after its report;"
                + " it also runs alone). Wall time of the section: " + meta.getOrDefault("wall", "?") + "._");
        line("");
        line("```sh");
        line(meta.getOrDefault("command", "rusticated-bench/net.sh"));
        line("```");
        line("");
        line("- Machine: " + meta.getOrDefault("cpus", "?") + "; kernel " + meta.getOrDefault("kernel", "?") + "; JDK "
                + meta.getOrDefault("jdk", "?") + "; liburing " + meta.getOrDefault("liburing", "?") + "; " + meta.getOrDefault("perf", "?")
                + ". Load average (1/5/15 min) before: " + meta.getOrDefault("load_before", "?") + ", after: "
                + meta.getOrDefault("load_after", "?") + ". Sockets in TIME_WAIT before: " + meta.getOrDefault("timewait_before", "?") + ".");
        line("- Every server runs on one thread pinned to CPU 0 and listens on 127.0.0.1; all of them are started once and kept"
                + " running, and the contenders of a cell run back to back. The load generator (`src/main/c/echo_load.c`: C,"
                + " io_uring, multishot receives on a buffer ring, the sends of a turn in one `io_uring_enter`) runs on CPU 1:"
                + " each connection sends a message and sends the next when the whole echo came back (one outstanding per"
                + " connection), and checks every chunk it receives against what it sent. Connections close with a reset, so no"
                + " run leaves TIME_WAIT behind.");
        line("- " + meta.getOrDefault("windows", "?") + ". Values are medians of the windows; `±` is half the range over the median.");
        line("- *Server CPU µs/msg*: utime + stime of every thread of the server process over the window (`/proc/PID/stat`:"
                + " JIT, GC and io_uring's kernel workers included), per message. On loopback the sender's CPU also runs the"
                + " receiver's TCP input, so each side pays part of the other's TCP work. Latency (closed loop): from the send of a"
                + " message to the last byte of its echo, as the load generator sees it.");
        line("");
        targets();
        for (int size : sizes()) {
            closedTable(size);
        }
        openTable();
        syscallTable();
        allocationTable();
        idleTable();
        notMeasured();
        if (!analysis.isBlank()) {
            line(analysis.strip());
            line("");
        }
        line(END);
        return md.toString();
    }

    private void closedTable(int size) {
        line("### Request/response, " + size(size) + " messages (closed loop)");
        line("");
        line("| connections | server | msgs/s | × C io_uring | × Netty io_uring | server CPU µs/msg | CPU × C io_uring | CPU × Netty io_uring | p50 µs | p99 µs | client CPU µs/msg |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int conns : conns(size)) {
            double cRate = rate(C_URING, conns, size);
            double nRate = rate(NETTY_URING, conns, size);
            double cCpu = cpu(C_URING, conns, size);
            double nCpu = cpu(NETTY_URING, conns, size);
            for (String label : labels) {
                List<Window> ws = cell("closed", label, conns, size);
                if (ws.isEmpty()) {
                    continue;
                }
                double r = median(ws, Window::msgsPerSecond);
                double c = median(ws, Window::serverMicrosPerMsg);
                line(f("| %,d | %s | %,.0f (±%.1f%%) | %s | %s | %s | %s | %s | %.0f | %.0f | %s |", conns, label, r,
                        spread(ws, Window::msgsPerSecond) * 100, x(r / cRate), x(r / nRate), num(c, "%.2f"), x(c / cCpu), x(c / nCpu),
                        median(ws, w -> w.p50() / 1e3), median(ws, w -> w.p99() / 1e3), num(median(ws, Window::clientMicrosPerMsg), "%.2f")));
            }
        }
        line("");
    }

    private void openTable() {
        List<Window> open = windows.stream().filter(w -> w.group().startsWith("open")).toList();
        if (open.isEmpty()) {
            return;
        }
        line("### Latency at a fixed offered load (open loop)");
        line("");
        line("Messages are scheduled at a fixed rate over all connections (round-robin) and sent when due, whatever is still"
                + " outstanding; latency runs from the *scheduled* time to the last byte of the echo, so a server that stalls pays"
                + " for every message that queued behind the stall (no coordinated omission). The rates are 50% and 80% of the C"
                + " io_uring server's closed-loop rate at the same size and connections in this run. *late*: messages the load"
                + " generator itself sent 1 ms or more after their time (its CPU was taken), which also count in the latency.");
        line("");
        line("| size | connections | offered | server | achieved msgs/s | p50 µs | p99 µs | p99.9 µs | p99 × C io_uring | p99 × Netty io_uring | late |");
        line("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int size : open.stream().map(Window::size).distinct().sorted().toList()) {
            for (String group : List.of("open50", "open80")) {
                List<Window> g = open.stream().filter(w -> w.group().equals(group) && w.size() == size).toList();
                if (g.isEmpty()) {
                    continue;
                }
                int conns = g.get(0).conns();
                double c99 = median(cell(group, C_URING, conns, size), w -> (double) w.p99());
                double n99 = median(cell(group, NETTY_URING, conns, size), w -> (double) w.p99());
                for (String label : labels) {
                    List<Window> ws = cell(group, label, conns, size);
                    if (ws.isEmpty()) {
                        continue;
                    }
                    double p99 = median(ws, w -> (double) w.p99());
                    line(f("| %s | %d | %s%% (%,.0f/s) | %s | %,.0f | %.0f | %.0f | %.0f | %s | %s | %,d |", size(size), conns,
                            group.substring(4), ws.get(0).rate(), label, median(ws, Window::msgsPerSecond), median(ws, w -> w.p50() / 1e3),
                            p99 / 1e3, median(ws, w -> w.p999() / 1e3), x(p99 / c99), x(p99 / n99), ws.get(0).late()));
                }
            }
        }
        line("");
    }

    private void syscallTable() {
        if (sys.isEmpty()) {
            return;
        }
        line("### System calls per message");
        line("");
        line("`perf stat -e raw_syscalls:sys_enter -p PID` on the server (every thread that existed when perf attached) for one"
                + " window, over the messages the load generator saw echoed while perf ran, 64 connections.");
        line("");
        line("| server | size | system calls | messages | system calls / msg |");
        line("|---|---:|---:|---:|---:|");
        for (String[] s : sys) {
            line(f("| %s | %s | %,d | %,d | %s |", s[2], size(Integer.parseInt(s[4])), Long.parseLong(s[5]), Long.parseLong(s[6]),
                    num(syscallsPerMsg(s[2], Integer.parseInt(s[4])), "%.3f")));
        }
        line("");
    }

    private void allocationTable() {
        if (alloc.isEmpty()) {
            return;
        }
        line("### Heap allocated per message");
        line("");
        line("Heap bytes every thread of the JVM server allocated (`ThreadMXBean.getThreadAllocatedBytes`, summed over the"
                + " live threads, asked before and after) over one window of 64 x 64 B, per message echoed. Counted from when the"
                + " 64 connections were open (the load generator holds them until told to start), so connecting is not in it."
                + " A path that allocates nothing per message still shows a fixed amount per window (tens of kilobytes, the"
                + " same whatever the number of messages or connections): divide by more messages and it goes to zero.");
        line("");
        line("| server | bytes | messages | B/msg |");
        line("|---|---:|---:|---:|");
        for (String[] a : alloc) {
            double b = Double.parseDouble(a[2]);
            double m = Double.parseDouble(a[3]);
            line(f("| %s | %,.0f | %,.0f | %s |", a[1], b, m, m == 0 ? "—" : f("%.1f", b / m)));
        }
        line("");
    }

    /** The pooled idle server's ring (RusticatedIdleReads), allocated before the measured round: its share is added. */
    static final long IDLE_RING_BYTES = RusticatedIdleReads.RING_BUFFERS * 4096L;

    /**
     * Bytes per idle connection: for a JVM, the growth of heap in use plus that of native memory (the
     * larger of direct-buffer and RSS growth), with the shared ring's share for the pooled server; for
     * C, RSS growth. NaN when nothing was accepted.
     * Columns: idle label N accepted rss0KiB rss1KiB heap0 heap1 direct0 direct1.
     */
    static double idleBytesPerConnection(String[] i) {
        double n = Double.parseDouble(i[3]);
        if (n <= 0) {
            return Double.NaN;
        }
        if (Double.parseDouble(i[6]) < 0) {
            return (Double.parseDouble(i[5]) - Double.parseDouble(i[4])) * 1024 / n;
        }
        double heap = Double.parseDouble(i[7]) - Double.parseDouble(i[6]);
        double direct = Double.parseDouble(i[9]) - Double.parseDouble(i[8]);
        double rss = (Double.parseDouble(i[5]) - Double.parseDouble(i[4])) * 1024;
        return (heap + Math.max(direct, rss) + (i[1].equals(POOLED_IDLE) ? IDLE_RING_BYTES : 0)) / n;
    }

    private void idleTable() {
        if (idle.isEmpty()) {
            return;
        }
        line("### Memory per idle connection");
        line("");
        line("A server of its own per row; the load generator opens the connections and sends nothing, closes them, and opens"
                + " them again: the figures are the growth over the second round (the first runs the accept, read and close paths"
                + " through the JIT, whose compiler arenas stay resident in the process and are not per connection). Each connection"
                + " has one read pending: rusticated `readManaged` on one ring of " + RusticatedIdleReads.RING_BUFFERS + " x 4 KiB"
                + " for all (its " + IDLE_RING_BYTES / 1024 + " KiB, shared, are added to the total), or a plain `read` into a 64 KiB"
                + " buffer of its own; Netty io_uring with its defaults (a receive buffer from its pooled allocator per pending"
                + " receive); the C io_uring server with its 64 KiB `malloc`ed per connection, untouched until data arrives. For the"
                + " JVMs the total is the growth of the heap in use after full GCs plus that of native memory, the larger of two"
                + " counts: direct buffers (`BufferPoolMXBean` \"direct\", plus Netty's own count of the direct memory it allocates"
                + " without the JDK's accounting), which sees buffers that reuse memory freed in the first round, and RSS (`VmRSS`;"
                + " the heap is pre-touched, `-XX:+AlwaysPreTouch`, so its growth is not in RSS), which sees native memory outside"
                + " direct buffers. For C the total is RSS growth. The kernel's own socket memory is in no column.");
        line("");
        line("| server | connections | heap / conn | direct / conn | RSS growth / conn | total / conn |");
        line("|---|---:|---:|---:|---:|---:|");
        for (String[] i : idle) {
            double n = Double.parseDouble(i[3]);
            double rss = (Double.parseDouble(i[5]) - Double.parseDouble(i[4])) * 1024 / n;
            boolean jvm = Double.parseDouble(i[6]) >= 0;
            String heap = jvm ? f("%,.0f B", (Double.parseDouble(i[7]) - Double.parseDouble(i[6])) / n) : "—";
            String direct = jvm ? f("%,.0f B", (Double.parseDouble(i[9]) - Double.parseDouble(i[8])) / n) : "—";
            line(f("| %s | %,d | %s | %s | %,.0f B | %,.0f B |", i[1], (long) n, heap, direct, rss, idleBytesPerConnection(i)));
        }
        line("");
    }

    private void notMeasured() {
        List<String> items = new ArrayList<>();
        failures.forEach((label, why) -> items.add(label + ": " + why));
        meta.forEach((k, v) -> {
            if (k.startsWith("pending_")) {
                items.add(v);
            }
        });
        if (items.isEmpty()) {
            return;
        }
        line("### Not measured in this run");
        line("");
        for (String s : items) {
            line("- " + s);
        }
        line("");
    }

    // ---- targets ----

    private void verdict(String what, String measured, Boolean met) {
        line("| " + what + " | " + measured + " | " + (met == null ? "not measured" : met ? "met" : "**missed**") + " |");
    }

    /** The worst ratio of {@code label} against {@code ref} over every closed-loop cell both have, with that cell. */
    private String[] worst(String label, String ref, boolean cpuRatio) {
        double worst = Double.NaN;
        String where = "";
        for (int size : sizes()) {
            for (int conns : conns(size)) {
                double r = cpuRatio ? cpu(label, conns, size) / cpu(ref, conns, size) : rate(label, conns, size) / rate(ref, conns, size);
                if (Double.isNaN(r)) {
                    continue;
                }
                if (Double.isNaN(worst) || (cpuRatio ? r > worst : r < worst)) {
                    worst = r;
                    where = f("%,d x %s", conns, size(size));
                }
            }
        }
        return new String[]{Double.isNaN(worst) ? null : Double.toString(worst), where};
    }

    private void targets() {
        line("### Targets (ratios within this run)");
        line("");
        line("| target | measured | |");
        line("|---|---|---|");
        double opsRate = rate(OPS, 64, 64);
        double cRate = rate(C_URING, 64, 64);
        verdict("64 x 64 B: rusticated Operation (io_uring) >= 0.95x the C io_uring server's msgs/s",
                Double.isNaN(opsRate / cRate) ? "—" : f("%.2fx (%,.0f vs %,.0f)", opsRate / cRate, opsRate, cRate),
                Double.isNaN(opsRate / cRate) ? null : opsRate / cRate >= 0.95);
        double opsCpu = cpu(OPS, 64, 64);
        double cCpu = cpu(C_URING, 64, 64);
        verdict("64 x 64 B: rusticated Operation (io_uring) CPU/msg <= 1.1x the C io_uring server's",
                Double.isNaN(opsCpu / cCpu) ? "—" : f("%.2fx (%.2f vs %.2f µs)", opsCpu / cCpu, opsCpu, cCpu),
                Double.isNaN(opsCpu / cCpu) ? null : opsCpu / cCpu <= 1.1);
        for (String label : RUSTICATED_URING) {
            String[] w = worst(label, NETTY_URING, false);
            verdict(label + " >= 1.0x Netty io_uring msgs/s, every cell", w[0] == null ? "—" : f("lowest %.2fx (%s)", Double.parseDouble(w[0]), w[1]),
                    w[0] == null ? null : Double.parseDouble(w[0]) >= 1.0);
            String[] c = worst(label, NETTY_URING, true);
            verdict(label + " CPU/msg <= Netty io_uring's, every cell", c[0] == null ? "—" : f("highest %.2fx (%s)", Double.parseDouble(c[0]), c[1]),
                    c[0] == null ? null : Double.parseDouble(c[0]) <= 1.0);
            String[] s = worst(label, SELECTOR, false);
            verdict(label + " >= 1.15x the JDK Selector's msgs/s, every cell", s[0] == null ? "—" : f("lowest %.2fx (%s)", Double.parseDouble(s[0]), s[1]),
                    s[0] == null ? null : Double.parseDouble(s[0]) >= 1.15);
        }
        double cSys = syscallsPerMsg(C_URING, 64);
        for (String label : RUSTICATED_URING) {
            double v = syscallsPerMsg(label, 64);
            double big = syscallsPerMsg(label, 16384);
            verdict(label + ": <= 0.05 system calls per message at 64 x 64 B", Double.isNaN(v) ? "—"
                    : f("%.3f (C io_uring %s; at 16 KiB %s)", v, num(cSys, "%.3f"), num(big, "%.3f")), Double.isNaN(v) ? null : v <= 0.05);
        }
        String[] pooled = idle.stream().filter(i -> i[1].equals(POOLED_IDLE)).findFirst().orElse(null);
        double perConn = pooled == null ? Double.NaN : idleBytesPerConnection(pooled);
        verdict("an idle connection with pooled reads (readManaged) costs <= 2 KiB", num(perConn, "%,.0f B"),
                Double.isNaN(perConn) ? null : perConn <= 2048);
        double image = rate(AIO_IMAGE, 64, 64);
        double stock = rate(AIO, 64, 64);
        verdict("64 x 64 B: the AIO program on the rusticated image >= 1.3x itself on the stock JDK",
                Double.isNaN(image / stock) ? meta.getOrDefault("pending_aio_image", "no result").replaceFirst("^[^:]*: ", "")
                        : f("%.2fx", image / stock),
                Double.isNaN(image / stock) ? null : image / stock >= 1.3);
        line("");
    }
}
