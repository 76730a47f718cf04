package io.rusticated.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetsTest {
    @Test
    void randomOffsetsAreAlignedInsideTheFileAndRepeatable() {
        Offsets a = new Offsets(1 << 20, 4096, true, 42);
        Offsets b = new Offsets(1 << 20, 4096, true, 42);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long at = a.next();
            assertThat(at).isEqualTo(b.next());
            assertThat(at % 4096).isZero();
            assertThat(at).isBetween(0L, (1L << 20) - 4096);
            seen.add(at);
        }
        assertThat(seen).hasSize(256); // every one of the 256 blocks is hit
    }

    @Test
    void sequentialOffsetsWrapAtTheEnd() {
        Offsets s = new Offsets(3 * 131072 + 100, 131072, false, 2);
        assertThat(s.next()).isEqualTo(2 * 131072);
        assertThat(s.next()).isZero();
        assertThat(s.next()).isEqualTo(131072);
    }

    @Test
    void aFileSmallerThanOneBlockIsRefused() {
        assertThatThrownBy(() -> new Offsets(100, 4096, true, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
