package io.rusticated.rt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class TaskStackTest {
    /** A task that remembers who pushed it and its sequence number. */
    private static final class Numbered extends LoopTask {
        final int producer;
        final int seq;

        Numbered(int producer, int seq) {
            this.producer = producer;
            this.seq = seq;
        }

        @Override
        void runOnLoop(EventLoop loop) {
        }
    }

    private static List<Numbered> drain(TaskStack s) {
        List<Numbered> out = new ArrayList<>();
        for (LoopTask t = s.takeAllInOrder(); t != null; t = t.nextTask) {
            out.add((Numbered) t);
        }
        return out;
    }

    @Test
    void takesEverythingOldestFirst() {
        TaskStack s = new TaskStack();
        assertThat(s.isEmptyAcquire()).isTrue();
        assertThat(s.takeAllInOrder()).isNull();
        for (int i = 0; i < 5; i++) {
            s.push(new Numbered(0, i));
        }
        assertThat(s.isEmptyAcquire()).isFalse();
        assertThat(drain(s)).extracting(n -> n.seq).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.isEmptyAcquire()).isTrue();
        s.push(new Numbered(0, 9));
        assertThat(drain(s)).extracting(n -> n.seq).containsExactly(9);
    }

    @Test
    void concurrentProducersLoseNothingAndKeepEachProducersOrder() throws Exception {
        int producers = 8;
        int perProducer = 50_000;
        TaskStack s = new TaskStack();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                for (int i = 0; i < perProducer; i++) {
                    s.push(new Numbered(id, i));
                }
            });
            threads.add(t);
        }
        int[] next = new int[producers];
        int total = 0;
        start.countDown();
        boolean producing = true;
        while (producing || !s.isEmptyAcquire()) {
            producing = threads.stream().anyMatch(Thread::isAlive);
            for (Numbered n : drain(s)) {
                assertThat(n.seq).as("producer %d order", n.producer).isEqualTo(next[n.producer]);
                next[n.producer]++;
                total++;
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Numbered n : drain(s)) {
            assertThat(n.seq).isEqualTo(next[n.producer]++);
            total++;
        }
        assertThat(total).isEqualTo(producers * perProducer);
        for (int p = 0; p < producers; p++) {
            assertThat(next[p]).isEqualTo(perProducer);
        }
    }
}
