package io.rusticated.rt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimerHeapTest {
    @Test
    void emptyHeapHasNoDeadline() {
        TimerHeap h = new TimerHeap();
        assertThat(h.nanosUntilNext(0)).isEqualTo(-1);
        assertThat(h.pollDue(Long.MAX_VALUE)).isNull();
    }

    @Test
    void pollsDueTimersInDeadlineOrderAndNoneEarly() {
        TimerHeap h = new TimerHeap();
        long[] deadlines = {50, 10, 40, 10, 30, 20, 60};
        for (long d : deadlines) {
            h.add(TestOps.sleepUntil(d));
        }
        assertThat(h.nanosUntilNext(0)).isEqualTo(10);
        assertThat(h.nanosUntilNext(15)).isZero();
        assertThat(h.pollDue(9)).isNull();
        List<Long> got = new ArrayList<>();
        Operation op;
        while ((op = h.pollDue(35)) != null) {
            got.add(op.deadline());
            assertThat(op.timerIndex).isEqualTo(-1);
        }
        assertThat(got).containsExactly(10L, 10L, 20L, 30L);
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.nanosUntilNext(35)).isEqualTo(5);
    }

    @Test
    void deadlinesCompareAcrossNanoTimeWraparound() {
        TimerHeap h = new TimerHeap();
        long near = Long.MAX_VALUE - 10;
        h.add(TestOps.sleepUntil(near + 20)); // wraps to a negative number, still 20 ns later
        h.add(TestOps.sleepUntil(near));
        assertThat(h.pollDue(near).deadline()).isEqualTo(near);
        assertThat(h.pollDue(near)).isNull();
        assertThat(h.nanosUntilNext(near)).isEqualTo(20);
        assertThat(h.pollDue(near + 20).deadline()).isEqualTo(near + 20);
    }

    @Test
    void removeTakesOutExactlyThatTimer() {
        TimerHeap h = new TimerHeap();
        Operation a = TestOps.sleepUntil(1);
        Operation b = TestOps.sleepUntil(2);
        Operation c = TestOps.sleepUntil(3);
        h.add(a);
        h.add(b);
        h.add(c);
        assertThat(h.remove(b)).isTrue();
        assertThat(h.remove(b)).as("already removed").isFalse();
        assertThat(h.remove(TestOps.sleepUntil(2))).as("never added").isFalse();
        assertThat(h.pollDue(10)).isSameAs(a);
        assertThat(h.pollDue(10)).isSameAs(c);
        assertThat(h.pollDue(10)).isNull();
    }

    @Test
    void randomAddsAndRemovesMatchASortedReference() {
        TimerHeap h = new TimerHeap();
        Random rnd = new Random(7);
        List<Operation> reference = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int action = rnd.nextInt(10);
            if (action < 6 || reference.isEmpty()) {
                Operation op = TestOps.sleepUntil(rnd.nextInt(1000));
                h.add(op);
                reference.add(op);
            } else if (action < 8) {
                Operation op = reference.remove(rnd.nextInt(reference.size()));
                assertThat(h.remove(op)).isTrue();
            } else {
                reference.sort(Comparator.comparingLong(Operation::deadline));
                Operation op = h.pollDue(Long.MAX_VALUE / 2);
                assertThat(op.deadline()).isEqualTo(reference.get(0).deadline());
                assertThat(reference.remove(op)).isTrue();
            }
            assertThat(h.size()).isEqualTo(reference.size());
        }
        Operation[] drained = h.drain();
        assertThat(drained).containsExactlyInAnyOrderElementsOf(reference);
        for (Operation op : drained) {
            assertThat(op.timerIndex).isEqualTo(-1);
        }
        assertThat(h.size()).isZero();
        assertThat(h.nanosUntilNext(0)).isEqualTo(-1);
    }
}
