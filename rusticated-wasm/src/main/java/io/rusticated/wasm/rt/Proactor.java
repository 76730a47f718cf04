package io.rusticated.wasm.rt;

import io.rusticated.wasm.abi.Host;
import io.rusticated.wasm.abi.HostError;
import org.teavm.interop.Async;
import org.teavm.interop.AsyncCallback;
import org.teavm.interop.Export;

/**
 * The guest's proactor: operations are submitted to the host with a token from the
 * {@link CompletionRegistry}; the host completes them through {@link #complete} and then calls
 * {@link #tick}, which runs the completions and the due timers. The guest is single-threaded
 * (TeaVM's fibers take turns on the host's one thread), so nothing here needs a lock.
 *
 * <p>{@link #await} is how Java code that must block (a stream read, {@code Future.get}) waits:
 * it is a TeaVM {@code @Async} method, so the calling fiber is suspended and control goes back
 * to the host's event loop until the operation's completion resumes it.
 */
public final class Proactor {
    private static final CompletionRegistry registry = new CompletionRegistry();
    private static final TimerHeap timers = new TimerHeap();
    private static Operation readyHead;
    private static Operation readyTail;

    private Proactor() {
    }

    /** Submits the operation; its completion runs during a later {@link #tick}. */
    public static void submit(Operation op, Operation.Completion completion) {
        if (op.submitted) {
            throw new IllegalStateException(op.opcode + " was submitted already");
        }
        op.completion = completion;
        op.submitted = true;
        if (op.opcode == Opcode.SLEEP) {
            op.deadline = System.nanoTime() + op.offset;
            timers.add(op);
            return;
        }
        op.token = registry.register(op);
        try {
            toHost(op);
        } catch (RuntimeException | Error e) {
            registry.take(op.token);
            op.submitted = false;
            throw e;
        }
    }

    /** Submits the operation unless it was, waits for its completion, and returns its result. */
    public static int await(Operation op) {
        if (!op.done) {
            suspendUntilDone(op);
        }
        return op.result;
    }

    @Async
    private static native Integer suspendUntilDone(Operation op);

    private static void suspendUntilDone(Operation op, AsyncCallback<Integer> resume) {
        Operation.Completion wake = done -> resume.complete(done.result);
        if (op.done) {
            resume.complete(op.result);
        } else if (op.submitted) {
            Operation.Completion previous = op.completion;
            op.completion = previous == null ? wake : done -> {
                previous.completed(done);
                wake.completed(done);
            };
        } else {
            submit(op, wake);
        }
    }

    /**
     * Asks for the operation to end early. A sleep ends at once with -ECANCELED; a host operation
     * is asked to stop, and its completion (the result, or -ECANCELED) still follows, so its
     * memory stays lent until then.
     */
    public static void cancel(Operation op) {
        if (!op.submitted || op.done || op.cancelRequested) {
            return;
        }
        op.cancelRequested = true;
        if (op.opcode == Opcode.SLEEP) {
            if (timers.remove(op)) {
                finish(op, -HostError.ECANCELED);
            }
        } else {
            Host.cancel(op.token);
        }
    }

    /** Operations in flight plus pending timers. */
    public static int pending() {
        return registry.size() + timers.size();
    }

    /** Export: the host reports that the operation under the token has finished. */
    @Export(name = "rusticated_complete")
    public static void complete(int token, int result) {
        Operation op = registry.take(token);
        if (op != null) {
            finish(op, result);
        }
    }

    /**
     * Export: runs every completion reported since the last tick and every timer that is due.
     * Returns the milliseconds after which the host must call it again: 0 when there is more to
     * run now, the time to the next timer, or -1 when only a host completion can bring work.
     */
    @Export(name = "rusticated_tick")
    public static double tick() {
        long now = System.nanoTime();
        Operation due;
        while ((due = timers.pollDue(now)) != null) {
            finish(due, 0);
        }
        while (readyHead != null) {
            Operation op = readyHead;
            readyHead = op.nextReady;
            if (readyHead == null) {
                readyTail = null;
            }
            op.nextReady = null;
            Operation.Completion c = op.completion;
            op.completion = null;
            if (c != null) {
                c.completed(op);
            }
        }
        long next = timers.nanosUntilNext(System.nanoTime());
        return next < 0 ? -1 : Math.ceil(next / 1e6);
    }

    /** Export: the ABI this guest speaks, for the host to check before it runs main. */
    @Export(name = "rusticated_abi_version")
    public static int abiVersion() {
        return Host.ABI_VERSION;
    }

    /** Export: operations and timers outstanding; the host reports a guest that waits for nothing. */
    @Export(name = "rusticated_pending")
    public static int pendingExport() {
        return pending() + (readyHead != null ? 1 : 0);
    }

    private static void finish(Operation op, int result) {
        op.result = result;
        op.done = true;
        if (readyTail == null) {
            readyHead = op;
        } else {
            readyTail.nextReady = op;
        }
        readyTail = op;
    }

    private static void toHost(Operation op) {
        int t = op.token;
        switch (op.opcode) {
            case READ -> Host.read(t, op.handle, op.memory.address(), op.length, op.offset);
            case WRITE -> Host.write(t, op.handle, op.memory.address(), op.length, op.offset);
            case OPEN -> Host.open(t, op.memory.address(), op.memory.size(), op.flags, op.mode);
            case CLOSE -> Host.close(t, op.handle);
            case STAT -> {
                if (op.memory == null) {
                    Host.stat(t, op.handle, 0, 0, op.flags, op.memory2.address());
                } else {
                    Host.stat(t, -1, op.memory.address(), op.memory.size(), op.flags, op.memory2.address());
                }
            }
            case FSYNC -> Host.fsync(t, op.handle, op.flags);
            case TRUNCATE -> Host.truncate(t, op.handle, op.offset);
            case MKDIR -> Host.mkdir(t, op.memory.address(), op.memory.size(), op.mode);
            case UNLINK -> Host.unlink(t, op.memory.address(), op.memory.size(), op.flags);
            case RENAME -> Host.rename(t, op.memory.address(), op.memory.size(), op.memory2.address(), op.memory2.size(), op.flags);
            case SYMLINK -> Host.symlink(t, op.memory.address(), op.memory.size(), op.memory2.address(), op.memory2.size());
            case LINK -> Host.link(t, op.memory.address(), op.memory.size(), op.memory2.address(), op.memory2.size());
            case ACCESS -> Host.access(t, op.memory.address(), op.memory.size(), op.mode);
            case OPEN_DIR -> Host.openDir(t, op.memory.address(), op.memory.size());
            case READ_DIR -> Host.readDir(t, op.handle, op.memory.address(), op.length);
            case SLEEP -> throw new IllegalStateException("SLEEP is the guest's timer heap's");
        }
    }
}
