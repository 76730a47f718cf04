package io.rusticated.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramTest {
    @Test
    void bucketsAreContiguousAndContainTheirValues() {
        for (long v = 0; v < 1 << 20; v++) {
            int i = Histogram.index(v);
            assertThat(Histogram.lowerBound(i)).isLessThanOrEqualTo(v);
            assertThat(Histogram.upperBound(i)).isGreaterThanOrEqualTo(v);
        }
        for (int i = 1; i < Histogram.index(Long.MAX_VALUE); i++) {
            assertThat(Histogram.lowerBound(i)).isEqualTo(Histogram.upperBound(i - 1) + 1);
        }
    }

    @Test
    void quantilesOfAUniformSpreadAreWithinTheBucketError() {
        Histogram h = new Histogram();
        for (long v = 1; v <= 1_000_000; v++) {
            h.record(v);
        }
        assertThat(h.count()).isEqualTo(1_000_000);
        assertThat((double) h.quantile(0.5)).isCloseTo(500_000, within(500_000 * 0.016));
        assertThat((double) h.quantile(0.99)).isCloseTo(990_000, within(990_000 * 0.016));
        assertThat((double) h.quantile(1.0)).isCloseTo(1_000_000, within(1_000_000 * 0.016));
    }

    @Test
    void mergingAddsCounts() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        a.record(10);
        b.record(1_000);
        b.record(1_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.quantile(0.34)).isGreaterThan(900);
        a.reset();
        assertThat(a.count()).isZero();
        assertThat(a.quantile(0.5)).isZero();
    }
}
