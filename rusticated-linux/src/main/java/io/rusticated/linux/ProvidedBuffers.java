package io.rusticated.linux;

import io.rusticated.io.BufferRing;
import io.rusticated.io.NativeMemory;
import io.rusticated.spi.Request;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

import static io.rusticated.linux.IoUringAbi.*;
import static io.rusticated.linux.LinuxAbi.*;

/**
 * The io_uring driver's provided-buffer rings (5.19): each {@link BufferRing} a loop receives into
 * is registered once as a buffer group, and every free buffer of it is handed to the kernel, which
 * takes one only when data arrives. Released buffers are handed back at the next poll. A receive
 * that finds the group empty (ENOBUFS) waits here until buffers come back, then is submitted
 * again. Loop thread only.
 */
final class ProvidedBuffers {
    private static final VarHandle TAIL = ValueLayout.JAVA_SHORT.varHandle();

    /** One registered group. */
    private static final class Group {
        final BufferRing ring;
        final short id;
        final MemorySegment entries;
        final int mask;
        int tail;
        /** The kernel found the group empty, and no buffer came back since. */
        boolean dry;
        /** A wakeup is registered with the ring for when a buffer comes back. */
        boolean waiting;

        Group(BufferRing ring, short id, MemorySegment entries) {
            this.ring = ring;
            this.id = id;
            this.entries = entries;
            this.mask = ring.count() - 1;
        }
    }

    private final IoUring uring;
    private final Runnable wakeup;
    private final Map<BufferRing, Group> groups = new IdentityHashMap<>();
    /** The same groups by id, walked at every poll without an iterator (nothing allocated per poll). */
    private Group[] byId = new Group[0];
    /** Receives that found their group empty, waiting for buffers to come back. */
    private final ArrayDeque<Request> starved = new ArrayDeque<>();

    ProvidedBuffers(IoUring uring, Runnable wakeup) {
        this.uring = uring;
        this.wakeup = wakeup;
    }

    /** The group id of the request's ring, registering it on first use. */
    short groupOf(Request op) {
        BufferRing ring = op.bufferRing();
        Group g = groups.get(ring);
        if (g == null) {
            g = register(ring);
        }
        return g.id;
    }

    private Group register(BufferRing ring) {
        if (groups.size() >= Short.MAX_VALUE) {
            throw new IllegalStateException("too many buffer rings on one loop");
        }
        short id = (short) groups.size();
        // The entries must be page-aligned memory the kernel reads for the ring's life: GC-managed,
        // kept reachable by this object until the driver (and so the ring fd) is closed.
        MemorySegment entries = NativeMemory.allocate(Math.max(4096, ring.count() * IO_URING_BUF.byteSize()), 4096);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment reg = arena.allocate(IO_URING_BUF_REG);
            reg.set(ValueLayout.JAVA_LONG, BUF_REG_RING_ADDR, entries.address());
            reg.set(ValueLayout.JAVA_INT, BUF_REG_RING_ENTRIES, ring.count());
            reg.set(ValueLayout.JAVA_SHORT, BUF_REG_BGID, id);
            long r = uring.register(IORING_REGISTER_PBUF_RING, reg.address(), 1);
            if (r < 0) {
                throw new IllegalStateException("io_uring_register(PBUF_RING) failed: " + LinuxErrors.name((int) -r));
            }
        }
        Group g = new Group(ring, id, entries);
        groups.put(ring, g);
        byId = java.util.Arrays.copyOf(byId, id + 1);
        byId[id] = g;
        refill(g);
        return g;
    }

    /** Hands every buffer released since the last call back to the kernel. */
    void refillAll() {
        Group[] all = byId;
        for (int i = 0; i < all.length; i++) {
            refill(all[i]);
        }
    }

    private void refill(Group g) {
        int added = 0;
        int id;
        while ((id = g.ring.take()) != BufferRing.NONE) {
            long at = (long) ((g.tail + added) & g.mask) * IO_URING_BUF.byteSize();
            MemorySegment m = g.ring.memoryOf(id);
            g.entries.set(ValueLayout.JAVA_LONG, at + BUF_ADDR, m.address());
            g.entries.set(ValueLayout.JAVA_INT, at + BUF_LEN, (int) m.byteSize());
            g.entries.set(ValueLayout.JAVA_SHORT, at + BUF_BID, (short) id);
            added++;
        }
        if (added > 0) {
            g.tail += added;
            // The entries written above become the kernel's with the tail's release store.
            TAIL.setRelease(g.entries, BUF_RING_TAIL, (short) g.tail);
            g.dry = false;
            g.waiting = false;
        }
    }

    /** A receive found its group empty: it waits for released buffers (the releasing thread wakes the loop). */
    void starve(Request op) {
        starved.addLast(op);
        Group g = groups.get(op.bufferRing());
        g.dry = true;
        if (!g.waiting) {
            g.waiting = true;
            g.ring.whenAvailable(wakeup);
        }
    }

    /** Takes back the receives that may go on (their group has buffers again). */
    Request nextFed() {
        if (starved.isEmpty()) {
            return null;
        }
        for (int n = starved.size(); n > 0; n--) {
            Request op = starved.pollFirst();
            Group g = groups.get(op.bufferRing());
            if (!g.dry) {
                return op;
            }
            starved.addLast(op);
        }
        return null;
    }

    /** Removes a waiting receive (cancelled); true if it was waiting. */
    boolean remove(Request op) {
        return starved.remove(op);
    }

    /** The buffer a CQE says the kernel filled, given to the reader; or back to the ring when empty. */
    Object bufferOf(Request op, int cqeFlags, int bytes) {
        if ((cqeFlags & IORING_CQE_F_BUFFER) == 0) {
            return null;
        }
        int bid = cqeFlags >>> IORING_CQE_BUFFER_SHIFT;
        BufferRing ring = op.bufferRing();
        if (bytes <= 0) {
            ring.giveBack(bid);
            return null;
        }
        return ring.handOut(bid, bytes);
    }

    static boolean isEmptyGroup(int res) {
        return res == -ENOBUFS;
    }
}
