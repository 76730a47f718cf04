package io.rusticated.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When native memory that only a collection gives back ({@link NativeMemory}'s cleaners) asks for
 * one: the first time the live bytes pass the limit, then only once they have grown by half again
 * over what was live at the last request, until they fall back under the limit. Memory that
 * really is live (10 000 connections holding 64 KiB each) then costs one collection per growth
 * step, not one per allocation: asking every time live bytes stood above the limit made each
 * allocation a full collection, which cleaners, running after it, could not answer in time.
 */
final class CollectionTrigger {
    private final long limit;
    /** Live bytes above which the next allocation asks for a collection. */
    private final AtomicLong next;

    CollectionTrigger(long limit) {
        this.limit = limit;
        this.next = new AtomicLong(limit);
    }

    /** Whether an allocation that leaves {@code live} bytes live should ask for a collection; true once per step. */
    boolean shouldCollect(long live) {
        long at = next.get();
        if (live <= at) {
            if (live < limit && at != limit) {
                next.compareAndSet(at, limit); // back under the limit: the next crossing asks again
            }
            return false;
        }
        return next.compareAndSet(at, live + live / 2);
    }
}
