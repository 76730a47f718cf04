package io.rusticated.bench;

/**
 * Latencies in nanoseconds, log-linear buckets of 1/64 of a power of two (error under 1.6%), no
 * allocation per sample. One writer at a time; merge per-thread histograms afterwards.
 */
public final class Histogram {
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[(64 - SUB_BITS) * SUB + SUB];
    private long total;

    public void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    public long count() {
        return total;
    }

    public void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }

    public void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** The value at fraction {@code q} (0..1) of the samples: a bucket's midpoint. */
    public long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (lowerBound(i) + upperBound(i)) / 2;
            }
        }
        return upperBound(counts.length - 1);
    }

    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        return shift * SUB + (int) (v >>> shift);
    }

    static long lowerBound(int i) {
        if (i < 2 * SUB) {
            return i;
        }
        int shift = i / SUB - 1;
        long sub = i - (long) shift * SUB;
        return sub << shift;
    }

    static long upperBound(int i) {
        if (i < 2 * SUB) {
            return i;
        }
        int shift = i / SUB - 1;
        long sub = i - (long) shift * SUB;
        return ((sub + 1) << shift) - 1;
    }
}
