package io.rusticated.wasm.rt;

/**
 * One request to the host: its opcode, its arguments and the linear memory it lends to the host
 * (a data buffer, a path, a second path, a stat record). The host may write that memory until
 * the completion arrives, so the regions are freed only by {@link #release()}, which refuses
 * before then; a cancelled operation keeps them until its own completion too.
 */
public final class Operation {
    /** What the completion of an operation runs, during the proactor's tick. */
    public interface Completion {
        void completed(Operation op);
    }

    final Opcode opcode;
    int handle = -1;
    /** File offset, -1 for the handle's position; the length for TRUNCATE; nanoseconds for SLEEP. */
    long offset = -1;
    int flags;
    int mode;
    /** The data buffer, the path or the stat record. */
    LinearMemory memory;
    /** How much of {@link #memory} the operation may use (a read's length, a write's count). */
    int length;
    /** The second path of RENAME, SYMLINK, LINK; the stat record of a STAT by path. */
    LinearMemory memory2;

    Completion completion;
    int token;
    boolean submitted;
    boolean done;
    boolean cancelRequested;
    int result;
    /** SLEEP: when it is due (System.nanoTime) and where it sits in the timer heap. */
    long deadline;
    int timerIndex = -1;
    /** The next in the proactor's list of completed operations not yet dispatched. */
    Operation nextReady;

    private Operation(Opcode opcode) {
        this.opcode = opcode;
    }

    public static Operation read(int handle, LinearMemory buffer, int length, long offset) {
        Operation op = new Operation(Opcode.READ);
        op.handle = handle;
        op.memory = buffer;
        op.length = length;
        op.offset = offset;
        return op;
    }

    public static Operation write(int handle, LinearMemory buffer, int length, long offset) {
        Operation op = new Operation(Opcode.WRITE);
        op.handle = handle;
        op.memory = buffer;
        op.length = length;
        op.offset = offset;
        return op;
    }

    public static Operation open(LinearMemory path, int flags, int mode) {
        Operation op = new Operation(Opcode.OPEN);
        op.memory = path;
        op.flags = flags;
        op.mode = mode;
        return op;
    }

    public static Operation close(int handle) {
        Operation op = new Operation(Opcode.CLOSE);
        op.handle = handle;
        return op;
    }

    /** STAT of an open handle into the record. */
    public static Operation stat(int handle, LinearMemory record) {
        Operation op = new Operation(Opcode.STAT);
        op.handle = handle;
        op.memory2 = record;
        return op;
    }

    /** STAT of a path into the record; flags {@code Host.STAT_NOFOLLOW}. */
    public static Operation stat(LinearMemory path, int flags, LinearMemory record) {
        Operation op = new Operation(Opcode.STAT);
        op.memory = path;
        op.flags = flags;
        op.memory2 = record;
        return op;
    }

    public static Operation fsync(int handle, boolean dataOnly) {
        Operation op = new Operation(Opcode.FSYNC);
        op.handle = handle;
        op.flags = dataOnly ? 1 : 0;
        return op;
    }

    public static Operation truncate(int handle, long length) {
        Operation op = new Operation(Opcode.TRUNCATE);
        op.handle = handle;
        op.offset = length;
        return op;
    }

    public static Operation mkdir(LinearMemory path, int mode) {
        Operation op = new Operation(Opcode.MKDIR);
        op.memory = path;
        op.mode = mode;
        return op;
    }

    public static Operation unlink(LinearMemory path, boolean directory) {
        Operation op = new Operation(Opcode.UNLINK);
        op.memory = path;
        op.flags = directory ? 1 : 0;
        return op;
    }

    public static Operation rename(LinearMemory from, LinearMemory to, boolean noReplace) {
        Operation op = new Operation(Opcode.RENAME);
        op.memory = from;
        op.memory2 = to;
        op.flags = noReplace ? 1 : 0;
        return op;
    }

    public static Operation symlink(LinearMemory target, LinearMemory link) {
        Operation op = new Operation(Opcode.SYMLINK);
        op.memory = target;
        op.memory2 = link;
        return op;
    }

    public static Operation link(LinearMemory existing, LinearMemory link) {
        Operation op = new Operation(Opcode.LINK);
        op.memory = existing;
        op.memory2 = link;
        return op;
    }

    public static Operation access(LinearMemory path, int mode) {
        Operation op = new Operation(Opcode.ACCESS);
        op.memory = path;
        op.mode = mode;
        return op;
    }

    public static Operation openDir(LinearMemory path) {
        Operation op = new Operation(Opcode.OPEN_DIR);
        op.memory = path;
        return op;
    }

    public static Operation readDir(int handle, LinearMemory batch) {
        Operation op = new Operation(Opcode.READ_DIR);
        op.handle = handle;
        op.memory = batch;
        op.length = batch.size();
        return op;
    }

    public static Operation sleep(long nanos) {
        Operation op = new Operation(Opcode.SLEEP);
        op.offset = Math.max(0, nanos);
        return op;
    }

    public Opcode opcode() {
        return opcode;
    }

    public boolean isDone() {
        return done;
    }

    /** The result: a count or handle (>= 0), or a negated {@code HostError} code. Only once done. */
    public int result() {
        if (!done) {
            throw new IllegalStateException(opcode + " has not completed");
        }
        return result;
    }

    public LinearMemory memory() {
        return memory;
    }

    public LinearMemory memory2() {
        return memory2;
    }

    /** Frees the operation's linear memory; allowed only once the host has completed it. */
    public void release() {
        if (!done) {
            throw new IllegalStateException(opcode + " is in flight: its memory still belongs to the host");
        }
        if (memory != null) {
            memory.free();
            memory = null;
        }
        if (memory2 != null) {
            memory2.free();
            memory2 = null;
        }
    }

    @Override
    public String toString() {
        return opcode + (done ? " -> " + result : submitted ? " in flight" : " new");
    }
}
