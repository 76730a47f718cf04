package io.rusticated.bench;

import java.util.Locale;

/**
 * One measured window, as the tab-separated line every producer (this harness, the C reference,
 * fio through jq) writes and {@link Report} reads:
 * {@code group contender threads depth rep ops seconds blockSize threadCpuNs processCpuNs p50Ns p99Ns}.
 */
record ResultLine(String group, String contender, int threads, int depth, int rep, long ops, double seconds,
                  int blockSize, long threadCpuNanos, long processCpuNanos, long p50Nanos, long p99Nanos) {

    String tsv() {
        return String.join("\t", group, contender, Integer.toString(threads), Integer.toString(depth), Integer.toString(rep),
                Long.toString(ops), String.format(Locale.ROOT, "%.6f", seconds), Integer.toString(blockSize),
                Long.toString(threadCpuNanos), Long.toString(processCpuNanos), Long.toString(p50Nanos), Long.toString(p99Nanos));
    }

    static ResultLine parse(String line) {
        String[] f = line.split("\t");
        if (f.length < 12) {
            throw new IllegalArgumentException("result line has " + f.length + " fields, wants 12: " + line);
        }
        return new ResultLine(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                Long.parseLong(f[5]), Double.parseDouble(f[6]), Integer.parseInt(f[7]), Long.parseLong(f[8]),
                Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]));
    }

    double opsPerSecond() {
        return ops / seconds;
    }

    double bytesPerSecond() {
        return opsPerSecond() * blockSize;
    }

    double threadCpuMicrosPerOp() {
        return ops == 0 ? 0 : threadCpuNanos / 1e3 / ops;
    }

    double processCpuMicrosPerOp() {
        return ops == 0 ? 0 : processCpuNanos / 1e3 / ops;
    }

    String describe() {
        return String.format(Locale.ROOT, "%-8s %-32s t=%d qd=%-3d rep %d: %,10.0f ops/s %7.2f GB/s  cpu %.2f/%.2f us/op (threads/process)  p50 %.1f us  p99 %.1f us",
                group, contender, threads, depth, rep, opsPerSecond(), bytesPerSecond() / 1e9, threadCpuMicrosPerOp(), processCpuMicrosPerOp(),
                p50Nanos / 1e3, p99Nanos / 1e3);
    }
}
