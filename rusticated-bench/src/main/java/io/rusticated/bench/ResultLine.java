package io.rusticated.bench;

import java.util.Locale;

/**
 * One measured window, as the tab-separated line every producer (this harness, the C reference,
 * fio through jq) writes and {@link Report} reads:
 * {@code group contender threads depth rep ops seconds blockSize threadCpuNs processCpuNs p50Ns p99Ns [allocatedBytes]}.
 * The last field, heap bytes the Java threads allocated in the window, is -1 (or absent) outside Java.
 */
record ResultLine(String group, String contender, int threads, int depth, int rep, long ops, double seconds,
                  int blockSize, long threadCpuNanos, long processCpuNanos, long p50Nanos, long p99Nanos, long allocatedBytes) {

    String tsv() {
        return String.join("\t", group, contender, Integer.toString(threads), Integer.toString(depth), Integer.toString(rep),
                Long.toString(ops), String.format(Locale.ROOT, "%.6f", seconds), Integer.toString(blockSize),
                Long.toString(threadCpuNanos), Long.toString(processCpuNanos), Long.toString(p50Nanos), Long.toString(p99Nanos),
                Long.toString(allocatedBytes));
    }

    static ResultLine parse(String line) {
        String[] f = line.split("\t");
        if (f.length < 12) {
            throw new IllegalArgumentException("result line has " + f.length + " fields, wants 12: " + line);
        }
        return new ResultLine(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                Long.parseLong(f[5]), Double.parseDouble(f[6]), Integer.parseInt(f[7]), Long.parseLong(f[8]),
                Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]), f.length > 12 ? Long.parseLong(f[12]) : -1);
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

    /** Heap bytes allocated per read, or -1 when not measured. */
    double allocatedBytesPerOp() {
        return allocatedBytes < 0 || ops == 0 ? -1 : (double) allocatedBytes / ops;
    }

    String describe() {
        return String.format(Locale.ROOT, "%-8s %-32s t=%d qd=%-3d rep %d: %,10.0f ops/s %7.2f GB/s  cpu %.2f/%.2f us/op (threads/process)  p50 %.1f us  p99 %.1f us  %.2f B/op",
                group, contender, threads, depth, rep, opsPerSecond(), bytesPerSecond() / 1e9, threadCpuMicrosPerOp(), processCpuMicrosPerOp(),
                p50Nanos / 1e3, p99Nanos / 1e3, allocatedBytesPerOp());
    }
}
