package io.rusticated.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static io.rusticated.linux.IoUringAbi.*;
import static io.rusticated.linux.LinuxAbi.*;

/**
 * One io_uring instance: the ring file descriptor and the submission and completion rings mapped
 * into this process. Plain memory accesses are used for the entries themselves; the indices the
 * kernel shares are read with acquire and written with release, named so in each accessor.
 * Loop thread only.
 */
final class IoUring implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final int fd;
    final int setupFlags;
    final int features;
    final int sqEntries;
    final int cqEntries;

    private final long sqRingAddress;
    private final long sqRingSize;
    private final long cqRingAddress;
    private final long cqRingSize;
    private final long sqesAddress;
    private final long sqesSize;

    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    final MemorySegment sqes;

    private final long sqHeadAt;
    private final long sqTailAt;
    private final long sqFlagsAt;
    private final int sqMask;
    private final long cqHeadAt;
    private final long cqTailAt;
    private final int cqMask;
    private final long cqesAt;

    /** Our copy of the SQ tail: entries up to it are filled; the kernel sees them once published. */
    private int sqTail;
    /** The SQ tail last published to the kernel. */
    private int sqTailPublished;
    /** The SQ head as last read from the kernel. */
    private int sqHeadSeen;
    /** Our copy of the CQ head. */
    private int cqHead;

    private IoUring(int fd, MemorySegment params) {
        this.fd = fd;
        this.setupFlags = params.get(ValueLayout.JAVA_INT, PARAMS_FLAGS);
        this.features = params.get(ValueLayout.JAVA_INT, PARAMS_FEATURES);
        this.sqEntries = params.get(ValueLayout.JAVA_INT, PARAMS_SQ_ENTRIES);
        this.cqEntries = params.get(ValueLayout.JAVA_INT, PARAMS_CQ_ENTRIES);
        long sqOff = PARAMS_SQ_OFF;
        long cqOff = PARAMS_CQ_OFF;
        int sqArray = params.get(ValueLayout.JAVA_INT, sqOff + SQRING_ARRAY);
        int cqes = params.get(ValueLayout.JAVA_INT, cqOff + CQRING_CQES);

        long sqSize = sqArray + (long) sqEntries * Integer.BYTES;
        long cqSize = cqes + (long) cqEntries * CQE_SIZE;
        boolean single = (features & IORING_FEAT_SINGLE_MMAP) != 0;
        if (single) {
            sqSize = cqSize = Math.max(sqSize, cqSize);
        }
        long sqAddr = mapOrThrow(sqSize, IORING_OFF_SQ_RING, "SQ ring");
        long cqAddr;
        try {
            cqAddr = single ? sqAddr : mapOrThrow(cqSize, IORING_OFF_CQ_RING, "CQ ring");
        } catch (RuntimeException e) {
            Libc.munmap(sqAddr, sqSize);
            throw e;
        }
        long sqesSz = (long) sqEntries * SQE_SIZE;
        long sqesAddr;
        try {
            sqesAddr = mapOrThrow(sqesSz, IORING_OFF_SQES, "SQE array");
        } catch (RuntimeException e) {
            Libc.munmap(sqAddr, sqSize);
            if (!single) {
                Libc.munmap(cqAddr, cqSize);
            }
            throw e;
        }
        this.sqRingAddress = sqAddr;
        this.sqRingSize = sqSize;
        this.cqRingAddress = cqAddr;
        this.cqRingSize = single ? 0 : cqSize;
        this.sqesAddress = sqesAddr;
        this.sqesSize = sqesSz;
        this.sqRing = MemorySegment.ofAddress(sqAddr).reinterpret(sqSize);
        this.cqRing = MemorySegment.ofAddress(cqAddr).reinterpret(cqSize);
        this.sqes = MemorySegment.ofAddress(sqesAddr).reinterpret(sqesSz);

        this.sqHeadAt = params.get(ValueLayout.JAVA_INT, sqOff + SQRING_HEAD);
        this.sqTailAt = params.get(ValueLayout.JAVA_INT, sqOff + SQRING_TAIL);
        this.sqFlagsAt = params.get(ValueLayout.JAVA_INT, sqOff + SQRING_FLAGS);
        this.sqMask = sqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, sqOff + SQRING_RING_MASK));
        this.cqHeadAt = params.get(ValueLayout.JAVA_INT, cqOff + CQRING_HEAD);
        this.cqTailAt = params.get(ValueLayout.JAVA_INT, cqOff + CQRING_TAIL);
        this.cqMask = cqRing.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, cqOff + CQRING_RING_MASK));
        this.cqesAt = cqes;

        // SQ index array: identity, set once, so an SQE's slot is its array index.
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(ValueLayout.JAVA_INT, sqArray + (long) i * Integer.BYTES, i);
        }
        this.sqTail = this.sqTailPublished = sqTailAcquire();
        this.sqHeadSeen = sqHeadAcquire();
        this.cqHead = cqHeadAcquire();
    }

    private long mapOrThrow(long size, long offset, String what) {
        long addr = Libc.mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
        if (addr < 0 && addr > -4096) {
            throw new MapFailedException("mmap of the io_uring " + what + " failed: " + LinuxErrors.message((int) -addr), (int) -addr);
        }
        return addr;
    }

    /**
     * io_uring_setup; returns the ring or a negated errno in {@link SetupResult#errno}.
     */
    static SetupResult setup(int entries, int cqEntries, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(IO_URING_PARAMS);
            params.set(ValueLayout.JAVA_INT, PARAMS_FLAGS, flags | IORING_SETUP_CQSIZE);
            params.set(ValueLayout.JAVA_INT, PARAMS_CQ_ENTRIES, cqEntries);
            long r = Libc.syscall(SYS_IO_URING_SETUP, entries, params.address(), 0, 0, 0, 0);
            if (r < 0) {
                return new SetupResult(null, (int) -r);
            }
            try {
                return new SetupResult(new IoUring((int) r, params), 0);
            } catch (MapFailedException e) {
                // Mapping the rings counts against memlock (before 5.12) or the memory cgroup: a
                // smaller ring may fit, so report the errno like a failed setup.
                Libc.close((int) r);
                return new SetupResult(null, e.errno);
            } catch (RuntimeException e) {
                Libc.close((int) r);
                throw e;
            }
        }
    }

    record SetupResult(IoUring ring, int errno) {
    }

    /** mmap of a ring failed with {@link #errno}. */
    static final class MapFailedException extends IllegalStateException {
        final int errno;

        MapFailedException(String message, int errno) {
            super(message);
            this.errno = errno;
        }
    }

    // ---- shared indices, with their ordering in the name ----

    private int sqHeadAcquire() {
        return (int) INT.getAcquire(sqRing, sqHeadAt);
    }

    private int sqTailAcquire() {
        return (int) INT.getAcquire(sqRing, sqTailAt);
    }

    private void sqTailRelease(int tail) {
        INT.setRelease(sqRing, sqTailAt, tail);
    }

    /** SQ flags (NEED_WAKEUP, CQ_OVERFLOW, TASKRUN); the kernel writes them at any time. */
    int sqFlagsAcquire() {
        return (int) INT.getAcquire(sqRing, sqFlagsAt);
    }

    private int cqHeadAcquire() {
        return (int) INT.getAcquire(cqRing, cqHeadAt);
    }

    private void cqHeadRelease(int head) {
        INT.setRelease(cqRing, cqHeadAt, head);
    }

    private int cqTailAcquire() {
        return (int) INT.getAcquire(cqRing, cqTailAt);
    }

    // ---- submission ----

    /**
     * The byte offset in {@link #sqes} of a free SQE, zeroed, or -1 if the SQ is full. The entry
     * is not visible to the kernel until {@link #publishSubmissions()}.
     */
    long nextSqe() {
        if (sqTail - sqHeadSeen >= sqEntries) {
            sqHeadSeen = sqHeadAcquire();
            if (sqTail - sqHeadSeen >= sqEntries) {
                return -1;
            }
        }
        long at = (long) (sqTail & sqMask) * SQE_SIZE;
        sqTail++;
        for (long i = 0; i < SQE_SIZE; i += 8) {
            sqes.set(ValueLayout.JAVA_LONG, at + i, 0L);
        }
        return at;
    }

    /** Makes filled SQEs visible to the kernel; returns how many are waiting for io_uring_enter. */
    int publishSubmissions() {
        if (sqTail != sqTailPublished) {
            sqTailRelease(sqTail);
            sqTailPublished = sqTail;
        }
        return sqTail - sqHeadAcquireCached();
    }

    private int sqHeadAcquireCached() {
        sqHeadSeen = sqHeadAcquire();
        return sqHeadSeen;
    }

    /** io_uring_enter; returns the count consumed/submitted or a negated errno. */
    long enter(int toSubmit, int minComplete, int flags, long arg, long argSize) {
        return Libc.syscall(SYS_IO_URING_ENTER, fd, toSubmit, minComplete, flags, arg, argSize);
    }

    // ---- completion ----

    /** Completions ready to reap. */
    int cqReady() {
        return cqTailAcquire() - cqHead;
    }

    /** The byte offset in the CQ ring of the next completion; call only when {@link #cqReady()} > 0. */
    long cqeAt() {
        return cqesAt + (long) (cqHead & cqMask) * CQE_SIZE;
    }

    long cqeUserData(long at) {
        return cqRing.get(ValueLayout.JAVA_LONG, at + CQE_USER_DATA);
    }

    int cqeFlags(long at) {
        return cqRing.get(ValueLayout.JAVA_INT, at + CQE_FLAGS);
    }

    int cqeResult(long at) {
        return cqRing.get(ValueLayout.JAVA_INT, at + CQE_RES);
    }

    /** Frees the completion just read for the kernel to reuse. */
    void advanceCq() {
        cqHeadRelease(++cqHead);
    }

    /** io_uring_register(2) on this ring: the result, or a negated errno. */
    long register(int opcode, long arg, int count) {
        return Libc.syscall(SYS_IO_URING_REGISTER, fd, opcode, arg, count, 0, 0);
    }

    /** Probes the opcodes this kernel supports; {@code supported[op]} is true for each. */
    boolean[] probeOpcodes() {
        int maxOps = 256;
        try (Arena arena = Arena.ofConfined()) {
            long size = PROBE_OPS + maxOps * PROBE_OP_SIZE;
            MemorySegment probe = arena.allocate(size, 8);
            long r = Libc.syscall(SYS_IO_URING_REGISTER, fd, IORING_REGISTER_PROBE, probe.address(), maxOps, 0, 0);
            boolean[] supported = new boolean[maxOps];
            if (r < 0) {
                return null;
            }
            int len = Byte.toUnsignedInt(probe.get(ValueLayout.JAVA_BYTE, PROBE_OPS_LEN));
            for (int i = 0; i < len && i < maxOps; i++) {
                int flags = Short.toUnsignedInt(probe.get(ValueLayout.JAVA_SHORT, PROBE_OPS + i * PROBE_OP_SIZE + PROBE_OP_FLAGS));
                supported[i] = (flags & IO_URING_OP_SUPPORTED) != 0;
            }
            return supported;
        }
    }

    /** Unmaps the rings and closes the ring; only once the kernel has completed everything. */
    @Override
    public void close() {
        Libc.munmap(sqesAddress, sqesSize);
        if (cqRingSize != 0) {
            Libc.munmap(cqRingAddress, cqRingSize);
        }
        Libc.munmap(sqRingAddress, sqRingSize);
        Libc.close(fd);
    }
}
