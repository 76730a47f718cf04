package io.rusticated.rt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionRegistryTest {
    @Test
    void registeredOperationIsTakenOnceByItsToken() {
        CompletionRegistry r = new CompletionRegistry(16);
        Operation op = TestOps.idle();
        long token = r.register(op);
        assertThat(token).isNotZero();
        assertThat(token >>> 32).as("generation").isNotZero();
        assertThat(r.size()).isEqualTo(1);
        assertThat(r.peek(token)).isSameAs(op);
        assertThat(r.take(token)).isSameAs(op);
        assertThat(r.take(token)).as("second take").isNull();
        assertThat(r.peek(token)).isNull();
        assertThat(r.size()).isZero();
    }

    /**
     * Whatever order the free slots are handed out in, a freed slot comes back within a bounded
     * number of registrations (one operation live at a time), and then its stale token finds
     * nothing.
     */
    @Test
    void staleTokenOfAReusedSlotFindsNothing() {
        CompletionRegistry r = new CompletionRegistry(16);
        long stale = r.register(TestOps.idle());
        r.take(stale);
        for (int i = 0; i < 1000; i++) {
            Operation next = TestOps.idle();
            long fresh = r.register(next);
            if ((int) fresh == (int) stale) {
                assertThat(fresh).as("same slot, new generation").isNotEqualTo(stale);
                assertThat(r.take(stale)).isNull();
                assertThat(r.peek(stale)).isNull();
                assertThat(r.take(fresh)).isSameAs(next);
                return;
            }
            assertThat(r.take(fresh)).isSameAs(next);
        }
        throw new AssertionError("slot " + (int) stale + " was never reused in 1000 registrations with one operation live");
    }

    @Test
    void internalAndOutOfRangeTokensFindNothing() {
        CompletionRegistry r = new CompletionRegistry(16);
        long token = r.register(TestOps.idle());
        assertThat(r.take(0L)).isNull();
        assertThat(r.take(1L)).as("generation 0 is internal").isNull();
        assertThat(r.take(token & 0xFFFF_FFFFL)).as("same slot, generation 0").isNull();
        assertThat(r.take((1L << 32) | 1_000_000)).as("slot out of range").isNull();
        assertThat(r.take((1L << 32) | 0xFFFF_FFFFL)).as("negative slot").isNull();
        assertThat(r.size()).isEqualTo(1);
    }

    @Test
    void growsBeyondItsInitialCapacityKeepingEveryToken() {
        CompletionRegistry r = new CompletionRegistry(16);
        List<Operation> ops = new ArrayList<>();
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Operation op = TestOps.idle();
            ops.add(op);
            tokens.add(r.register(op));
        }
        assertThat(new HashSet<>(tokens)).hasSize(1000);
        assertThat(r.size()).isEqualTo(1000);
        assertThat(r.snapshot()).containsExactlyInAnyOrderElementsOf(ops);
        for (int i = 999; i >= 0; i--) {
            assertThat(r.take(tokens.get(i))).isSameAs(ops.get(i));
        }
        assertThat(r.size()).isZero();
        assertThat(r.snapshot()).isEmpty();
    }

    @Test
    void interleavedRegisterAndTakeNeverConfusesOperations() {
        CompletionRegistry r = new CompletionRegistry(16);
        java.util.Random rnd = new java.util.Random(42);
        java.util.Map<Long, Operation> live = new java.util.HashMap<>();
        Set<Long> retired = new HashSet<>();
        for (int step = 0; step < 20_000; step++) {
            if (live.isEmpty() || rnd.nextInt(3) > 0) {
                Operation op = TestOps.idle();
                long t = r.register(op);
                assertThat(live).doesNotContainKey(t);
                assertThat(retired).doesNotContain(t);
                live.put(t, op);
            } else {
                Long t = live.keySet().iterator().next();
                assertThat(r.take(t)).isSameAs(live.remove(t));
                retired.add(t);
            }
            if (step % 1000 == 0) {
                for (Long t : retired) {
                    assertThat(r.peek(t)).isNull();
                }
            }
        }
        assertThat(r.size()).isEqualTo(live.size());
    }
}
