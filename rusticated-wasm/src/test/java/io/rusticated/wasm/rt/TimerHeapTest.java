package io.rusticated.wasm.rt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The guest's timer heap, on the JVM: due timers come out by deadline; removal keeps the order. */
class TimerHeapTest {
    private static Operation at(long deadline) {
        Operation op = Operation.sleep(0);
        op.deadline = deadline;
        return op;
    }

    @Test
    void dueTimersComeOutInDeadlineOrderAndRemovedOnesNever() {
        TimerHeap h = new TimerHeap();
        Random random = new Random(7);
        List<Operation> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Operation op = at(random.nextInt(10_000));
            all.add(op);
            h.add(op);
        }
        List<Operation> removed = all.subList(0, 100);
        for (Operation op : removed) {
            assertThat(h.remove(op)).isTrue();
            assertThat(h.remove(op)).isFalse();
        }
        assertThat(h.nanosUntilNext(-1)).isGreaterThanOrEqualTo(0);
        long last = Long.MIN_VALUE;
        int n = 0;
        Operation op;
        while ((op = h.pollDue(10_000)) != null) {
            assertThat(op.deadline).isGreaterThanOrEqualTo(last);
            assertThat(removed).doesNotContain(op);
            last = op.deadline;
            n++;
        }
        assertThat(n).isEqualTo(400);
        assertThat(h.nanosUntilNext(0)).isEqualTo(-1);
    }

    @Test
    void aTimerIsNotDueBeforeItsDeadline() {
        TimerHeap h = new TimerHeap();
        h.add(at(100));
        assertThat(h.pollDue(99)).isNull();
        assertThat(h.nanosUntilNext(40)).isEqualTo(60);
        assertThat(h.pollDue(100)).isNotNull();
    }
}
