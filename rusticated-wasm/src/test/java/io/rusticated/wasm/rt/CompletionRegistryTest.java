package io.rusticated.wasm.rt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest's token table, on the JVM (it is plain Java): tokens are unique, stale ones find nothing. */
class CompletionRegistryTest {
    @Test
    void aTokenFindsItsOperationOnce() {
        CompletionRegistry r = new CompletionRegistry();
        Operation op = Operation.close(3);
        int token = r.register(op);
        assertThat(token).isPositive();
        assertThat(r.take(token)).isSameAs(op);
        assertThat(r.take(token)).isNull();
        assertThat(r.size()).isZero();
    }

    @Test
    void aReusedSlotGetsANewGenerationSoTheOldTokenIsStale() {
        CompletionRegistry r = new CompletionRegistry();
        int first = r.register(Operation.close(1));
        r.take(first);
        Operation second = Operation.close(2);
        int again = r.register(second);
        assertThat(again & 0xffff).isEqualTo(first & 0xffff);
        assertThat(again).isNotEqualTo(first);
        assertThat(r.take(first)).isNull();
        assertThat(r.take(again)).isSameAs(second);
    }

    @Test
    void tokenZeroAndUnknownSlotsFindNothing() {
        CompletionRegistry r = new CompletionRegistry();
        r.register(Operation.close(1));
        assertThat(r.take(0)).isNull();
        assertThat(r.take(1 << 16 | 60000)).isNull();
        assertThat(r.take(-1)).isNull();
    }

    @Test
    void growsBeyondItsFirstTableAndGenerationsWrapAboveZero() {
        CompletionRegistry r = new CompletionRegistry();
        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(r.register(Operation.close(i)));
        }
        assertThat(tokens).doesNotHaveDuplicates().allMatch(t -> t > 0);
        assertThat(r.size()).isEqualTo(1000);
        int t = tokens.get(0);
        r.take(t);
        for (int i = 0; i < 40_000; i++) {
            t = r.register(Operation.close(0));
            assertThat(t >>> 16).isBetween(1, 0x7fff);
            assertThat(r.take(t)).isNotNull();
        }
    }
}
