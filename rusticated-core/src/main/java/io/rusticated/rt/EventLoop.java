package io.rusticated.rt;

import io.rusticated.io.Buffer;
import io.rusticated.spi.Backend;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.OsError;
import io.rusticated.spi.Platform;
import io.rusticated.spi.Request;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-threaded proactor: one driver (an io_uring ring, an epoll set, ...), the registry of
 * operations in flight, a timer heap, and a queue through which other threads hand it work.
 *
 * <p>Two ways to run one: {@link #open()} binds a loop to the calling thread, which drives it with
 * {@link #blockOn}; {@link #startThread(String)} runs one on its own platform thread. Completions
 * (and the continuations of the futures they complete) run on the loop thread. Other threads may
 * {@link #submit} and {@link #execute}: their work is pushed on a lock-free stack and the loop is
 * woken once per turn at most.
 */
public final class EventLoop implements Executor, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.rusticated");
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
    private static final Object SHARED_LOCK = new Object();
    private static volatile EventLoop shared;
    /** How long {@link #close()} waits for the kernel to finish cancelled operations. */
    private static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("rusticated.closeDrainSeconds", 10));

    private static final VarHandle WAKEUP_PENDING;
    private static final VarHandle IDLE_IN_JAVA;
    private static final VarHandle WAKERS;
    private static final VarHandle IN_FLIGHT;
    static {
        try {
            WAKEUP_PENDING = MethodHandles.lookup().findVarHandle(EventLoop.class, "wakeupPending", boolean.class);
            WAKERS = MethodHandles.lookup().findVarHandle(EventLoop.class, "wakers", int.class);
            IDLE_IN_JAVA = MethodHandles.lookup().findVarHandle(EventLoop.class, "idleInJava", boolean.class);
            IN_FLIGHT = MethodHandles.lookup().findVarHandle(EventLoop.class, "inFlight", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static {
        // Load what completing and closing need while descriptors remain: a class loaded later, from
        // a class-path directory, needs a descriptor the process may have run out of (EMFILE).
        Ops.count();
        Ops.done();
        Ops.payload(Object.class);
        new LoopClosedException("preload");
        new CancelTask(null);
        new CancelRequestTask(null, null);
        new CountOperation(null);
        new RunTask(null);
        new AsynchronousCloseException();
        for (ErrorKind kind : new ErrorKind[] {ErrorKind.NOT_FOUND, ErrorKind.ACCESS_DENIED, ErrorKind.ALREADY_EXISTS, ErrorKind.OTHER}) {
            new OsError(0, "preload", "preload", kind).toException("preload", null);
        }
    }

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final Thread owner;
    private final boolean dedicated;
    private final CompletionRegistry registry;
    private final TimerHeap timers = new TimerHeap();
    private final TaskStack tasks = new TaskStack();
    private final LoopStats stats = new LoopStats();
    private final Context context = new Context();
    private final CountOperations counts = new CountOperations(this);
    /** Completions a driver found inside submit or cancel, delivered at the start of the next turn (raw result in {@link Operation#rawResult}). */
    private final ArrayDeque<Operation> later = new ArrayDeque<>();
    private final int queueEntries;
    private final Driver driver;

    @SuppressWarnings("unused") // through WAKEUP_PENDING
    private volatile boolean wakeupPending;
    /** Threads inside {@link Driver#wakeup()}; the driver is not closed under them. */
    @SuppressWarnings("unused") // through WAKERS
    private volatile int wakers;
    /** The loop thread is parked in Java, with nothing in flight: wake it with unpark, not through the driver. */
    @SuppressWarnings("unused") // through IDLE_IN_JAVA
    private volatile boolean idleInJava;
    private volatile int lifecycle = OPEN;
    private volatile boolean closeRequested;
    /** Written by the loop thread only, with release stores (no fence per operation); read anywhere with acquire. */
    private int inFlight;
    private boolean turning;

    private EventLoop(boolean dedicated) {
        this.owner = Thread.currentThread();
        this.dedicated = dedicated;
        int entries = Integer.getInteger("rusticated.ring.entries", 256);
        if (entries < 1) {
            throw new IllegalArgumentException("rusticated.ring.entries must be >= 1, got " + entries);
        }
        this.queueEntries = entries;
        this.registry = new CompletionRegistry(entries * 2);
        this.driver = DriverSelection.open(context);
        if (Trace.ON) {
            Trace.loopOpened(driver.backend());
        }
    }

    /**
     * Opens a loop bound to the calling thread, which drives it through {@link #blockOn}. Fails if
     * this thread already has one.
     */
    public static EventLoop open() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName() + " already has an event loop; close it first");
        }
        EventLoop loop = new EventLoop(false);
        CURRENT.set(loop);
        return loop;
    }

    /** Starts a loop on a new daemon platform thread of that name. */
    public static EventLoop startThread(String name) {
        CompletableFuture<EventLoop> ready = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            EventLoop loop;
            try {
                loop = new EventLoop(true);
            } catch (Throwable e) {
                ready.completeExceptionally(e);
                return;
            }
            CURRENT.set(loop);
            ready.complete(loop);
            loop.runUntilClosed();
        });
        t.start();
        try {
            return ready.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** The loop bound to this thread, or else the process's {@link #shared()} loop. */
    public static EventLoop current() {
        EventLoop l = CURRENT.get();
        return l != null ? l : shared();
    }

    /** The process-wide loop on its own daemon thread {@code rusticated-loop}, started on first use. */
    public static EventLoop shared() {
        EventLoop s = shared;
        if (s == null || s.lifecycle != OPEN) {
            synchronized (SHARED_LOCK) {
                s = shared;
                if (s == null || s.lifecycle != OPEN) {
                    s = startThread("rusticated-loop");
                    shared = s;
                }
            }
        }
        return s;
    }

    /** Which backend this loop runs on, what it uses and why it was chosen. */
    public Backend backend() {
        return driver.backend();
    }

    public LoopStats stats() {
        return stats;
    }

    /** Operations handed to the OS and not yet completed (timers included). */
    public int inFlight() {
        return (int) IN_FLIGHT.getAcquire(this);
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == owner;
    }

    public boolean isClosed() {
        return lifecycle != OPEN;
    }

    /** The OS handle of this process's standard input (0), output (1) or error (2). */
    public long standardHandle(int index) {
        return Platform.process().standardHandle(index);
    }

    /** Whether this loop's backend serves the opcode as one request with many results ({@link MultishotOperation}). */
    public boolean supportsMultishot(Opcode opcode) {
        return driver.supportsMultishot(opcode);
    }

    /** Whether this loop's backend takes receive buffers from a {@link io.rusticated.io.BufferRing} only when data arrives. */
    public boolean supportsProvidedBuffers() {
        return driver.supportsProvidedBuffers();
    }

    /** Whether this loop's backend can serve the opcode at all. */
    public boolean supports(Opcode opcode) {
        return opcode == Opcode.SLEEP || driver.supports(opcode);
    }

    /**
     * True when the OS keeps the position of files this backend opens, so sequential reads and
     * writes can ask for {@link Request#CURRENT_POSITION}; false when the owner of such a file
     * keeps it ({@link FileCursor}).
     */
    public boolean kernelKeepsFilePosition() {
        return driver.kernelKeepsFilePosition() && !USER_SPACE_POSITIONS;
    }

    /**
     * {@code -Drusticated.userSpacePositions=true}: keep file positions in a {@link FileCursor}
     * even where the OS keeps them, as on Windows; lets the cursor be tested on any OS.
     */
    private static final boolean USER_SPACE_POSITIONS = Boolean.getBoolean("rusticated.userSpacePositions");

    /**
     * Hands an idle operation to the loop. From the loop thread it goes to the driver at once;
     * from any other thread it is queued and the loop woken. On a closed loop the operation
     * completes with {@link LoopClosedException} on the calling thread.
     */
    public void submit(Operation op) {
        if (op.state != Operation.IDLE) {
            throw new IllegalStateException(op + " is already in flight");
        }
        op.loop = this;
        if (isLoopThread()) {
            start(op);
            return;
        }
        if (lifecycle != OPEN) {
            op.loop = null;
            op.deliver(0, new LoopClosedException("event loop is closed; " + op + " was not submitted"));
            return;
        }
        op.state = Operation.QUEUED;
        push(op);
    }

    /**
     * Submits an operation on an owned handle: it takes a use of the handle, given back when its
     * completion is delivered. Fails the operation with {@link ClosedChannelException} (on the
     * calling thread) if the handle is closing.
     */
    public void submit(OwnedHandle handle, Operation op) {
        if (!handle.bindTo(this)) {
            throw new IllegalArgumentException(handle + " belongs to another loop");
        }
        if (op.state != Operation.IDLE) {
            throw new IllegalStateException(op + " is already in flight");
        }
        if (!handle.acquire()) {
            op.deliver(0, new ClosedChannelException());
            return;
        }
        op.owner = handle;
        submit(op);
    }

    /** {@link #read(long, Buffer, long)} on an owned handle; fails with {@link ClosedChannelException} once it is closing. */
    public CompletableFuture<Integer> read(OwnedHandle handle, Buffer buffer, long offset) {
        CountOperation op = counts.take();
        op.prepareRead(handle.handle(), buffer, offset);
        return submitCount(handle, op);
    }

    /** Sends the buffer's filled part on an owned socket; like {@link #write(OwnedHandle, Buffer, long)}. */
    public CompletableFuture<Integer> send(OwnedHandle socket, Buffer buffer) {
        CountOperation op = counts.take();
        op.prepareSend(socket.handle(), buffer);
        return submitCount(socket, op);
    }

    /** Receives into the buffer's spare capacity from an owned socket; like {@link #read(OwnedHandle, Buffer, long)}. */
    public CompletableFuture<Integer> recv(OwnedHandle socket, Buffer buffer) {
        CountOperation op = counts.take();
        op.prepareRecv(socket.handle(), buffer);
        return submitCount(socket, op);
    }

    /** {@link #write(long, Buffer, long)} on an owned handle; fails with {@link ClosedChannelException} once it is closing. */
    public CompletableFuture<Integer> write(OwnedHandle handle, Buffer buffer, long offset) {
        CountOperation op = counts.take();
        op.prepareWrite(handle.handle(), buffer, offset);
        return submitCount(handle, op);
    }

    private CompletableFuture<Integer> submitCount(OwnedHandle handle, CountOperation op) {
        RequestFuture<Integer> future = new RequestFuture<>(op);
        op.request = future;
        submit(handle, op);
        return future;
    }

    /**
     * Reads into the buffer's spare capacity at {@code offset} ({@link Request#CURRENT_POSITION}:
     * see there) and returns a fresh future of the byte count, completed on the loop thread.
     * Cancelling the future cancels the read (see {@link RequestFuture}). Submitted from the loop
     * thread, the read runs on an operation this loop recycles, so the future is all it allocates.
     */
    public CompletableFuture<Integer> read(long handle, Buffer buffer, long offset) {
        CountOperation op = counts.take();
        op.prepareRead(handle, buffer, offset);
        return submitCount(op);
    }

    /** Writes the buffer's filled part at {@code offset} (or {@link Request#CURRENT_POSITION}); like {@link #read}. */
    public CompletableFuture<Integer> write(long handle, Buffer buffer, long offset) {
        CountOperation op = counts.take();
        op.prepareWrite(handle, buffer, offset);
        return submitCount(op);
    }

    private CompletableFuture<Integer> submitCount(CountOperation op) {
        RequestFuture<Integer> future = new RequestFuture<>(op);
        op.request = future; // published to the loop by submit's queue, or read by this (loop) thread
        submit(op);
        return future;
    }

    /**
     * Runs a blocking call (a name lookup, say) on the shared blocking pool and completes the
     * future on this loop's thread with its value or exception. Cancelling the future before a
     * pool thread took the call withdraws it; once running, it runs to its end.
     */
    public <T> CompletableFuture<T> offload(java.util.concurrent.Callable<T> call) {
        Offloaded<T> op = new Offloaded<>(call);
        op.prepareNop();
        submit(op);
        return op.future();
    }

    /**
     * Tells the backend, on the loop thread, that the socket's directions were shut down by a
     * synchronous call, so what waits in them is tried again ({@link Driver#shutDown}).
     */
    public void shutDown(OwnedHandle socket, boolean read, boolean write) {
        if (lifecycle != CLOSED && !socket.isClosing()) {
            long h = socket.handle();
            execute(() -> driver.shutDown(h, read, write));
        }
    }

    /** Runs the task on the loop thread, in order with submissions from the same thread. */
    @Override
    public void execute(Runnable task) {
        if (lifecycle == CLOSED) {
            throw new LoopClosedException("event loop is closed; task rejected");
        }
        push(new RunTask(task));
    }

    /**
     * Drives the loop on its own thread until the stage completes, then returns its value like
     * {@link CompletableFuture#join()}. On a thread that does not own this loop it just waits.
     */
    public <T> T blockOn(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (!isLoopThread()) {
            return f.join();
        }
        if (turning) {
            throw new IllegalStateException("blockOn called from a completion on the loop thread; compose the stage instead");
        }
        while (!f.isDone()) {
            if (lifecycle == CLOSED) {
                throw new LoopClosedException("event loop closed while blocking on a stage");
            }
            turn(true, f);
        }
        return f.join();
    }

    /** Runs one turn without waiting: submits what is queued and delivers what has completed. */
    public void runNow() {
        if (!isLoopThread()) {
            throw new IllegalStateException("runNow must be called on the loop thread");
        }
        turn(false, null);
    }

    /**
     * Cancels everything in flight, waits (bounded by {@code rusticated.closeDrainSeconds}, default
     * 10) for the kernel to complete each operation, then releases the driver. If the kernel does
     * not finish in time the driver's memory is deliberately leaked rather than freed under it.
     */
    @Override
    public void close() {
        if (dedicated && !isLoopThread()) {
            closeRequested = true;
            wakeUp();
            try {
                owner.join(CLOSE_DRAIN_NANOS / 1_000_000 + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (!isLoopThread()) {
            throw new IllegalStateException("close this loop on its thread " + owner.getName());
        }
        if (turning) {
            closeRequested = true; // a completion asked: close after this turn
            return;
        }
        closeOnLoop();
    }

    // ---- the loop ----

    private void runUntilClosed() {
        try {
            while (!closeRequested) {
                turn(true, null);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "rusticated event loop " + owner.getName() + " failed; closing it", t);
        } finally {
            closeOnLoop();
        }
    }

    /**
     * One turn: queued tasks, due timers, then the driver. {@code until} is the stage a
     * {@link #blockOn} waits for: when a task or timer of this turn completed it, or completed
     * other work, the driver is only polled, never waited on (its wait might have no deadline).
     */
    private void turn(boolean mayWait, CompletableFuture<?> until) {
        turning = true;
        try {
            // Clear before draining: a producer that pushes after the drain sees false and wakes us.
            WAKEUP_PENDING.setVolatile(this, false);
            boolean ranTasks = runTasks();
            ranTasks |= deliverLater();
            boolean expired = expireTimers();
            long timeout = 0;
            if (mayWait && !ranTasks && !expired && later.isEmpty() && tasks.isEmptyAcquire() && !closeRequested
                    && (until == null || !until.isDone())) {
                timeout = timers.size() == 0 ? -1 : timers.nanosUntilNext(System.nanoTime());
            }
            if (timeout < 0 && inFlight == 0 && !driver.waitsForOthers()) {
                idleInJava();
            } else {
                driver.poll(timeout);
                stats.incrementSingleWriter(LoopStats.Counter.KERNEL_ENTERS);
            }
            expireTimers();
        } finally {
            turning = false;
        }
        if (closeRequested && !dedicated) {
            closeOnLoop();
        }
    }

    /**
     * Waits for a task with nothing in flight (so no timer either), parked in Java rather than in
     * the kernel: the kernel owes this loop nothing, and a thread blocked in a native call makes
     * the JVM's exit wait (HotSpot gives threads in native up to 300 ms to come back), which every
     * program on the runtime image would pay. Producers read {@link #idleInJava} after their push
     * and unpark; this thread re-reads the task stack after publishing it, so no wakeup is lost.
     * park returns at once while the thread's interrupt status is set: the status is taken while
     * waiting, so the loop does not spin, and set again for what the loop runs next.
     */
    private void idleInJava() {
        IDLE_IN_JAVA.setVolatile(this, true);
        boolean interrupted = false;
        try {
            while (!(boolean) WAKEUP_PENDING.getVolatile(this) && !closeRequested) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        } finally {
            IDLE_IN_JAVA.setVolatile(this, false);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        stats.incrementSingleWriter(LoopStats.Counter.IDLE_PARKS);
    }

    /** Runs what other threads handed over; true if there was anything. */
    private boolean runTasks() {
        if (tasks.isEmpty()) {
            return false; // spares the atomic swap on a turn with nothing queued
        }
        LoopTask t = tasks.takeAllInOrder();
        boolean any = t != null;
        while (t != null) {
            LoopTask next = t.nextTask;
            t.nextTask = null;
            t.runOnLoop(this);
            t = next;
        }
        return any;
    }

    /** Delivers what drivers completed inside submit or cancel; true if there was anything. */
    private boolean deliverLater() {
        if (later.isEmpty()) {
            return false;
        }
        // Only those queued before this call: a callback that queues more gets them next turn.
        for (int n = later.size(); n > 0; n--) {
            Operation op = later.pollFirst();
            Throwable failure = op.laterFailure;
            op.laterFailure = null;
            if (failure != null) {
                context.fail(op, failure);
            } else {
                context.complete(op, op.rawResult);
            }
        }
        return true;
    }

    /** Loop thread: the single writer of {@link #inFlight}. */
    private void countInFlight(int delta) {
        IN_FLIGHT.setRelease(this, inFlight + delta);
    }

    /** Delivers the timers that are due, reading the clock only when there is a timer; true if any was. */
    private boolean expireTimers() {
        if (timers.size() == 0) {
            return false;
        }
        long now = System.nanoTime();
        boolean any = false;
        Operation op;
        while ((op = timers.pollDue(now)) != null) {
            countInFlight(-1);
            deliver(op, 0, null);
            any = true;
        }
        return any;
    }

    private void push(LoopTask task) {
        tasks.push(task);
        if (lifecycle == CLOSED) {
            failLateTasks();
            return;
        }
        if (!isLoopThread()) {
            wakeUp();
        }
    }

    private void wakeUp() {
        if (WAKEUP_PENDING.compareAndSet(this, false, true)) {
            stats.incrementShared(LoopStats.Counter.WAKEUPS);
            if ((boolean) IDLE_IN_JAVA.getVolatile(this)) {
                LockSupport.unpark(owner);
                return;
            }
            WAKERS.getAndAdd(this, 1);
            try {
                // A closed driver has released its wakeup handle, whose number the process may
                // already have reused for another file: never signal it. Paired with awaitWakers().
                if (lifecycle != CLOSED) {
                    driver.wakeup();
                }
            } finally {
                WAKERS.getAndAdd(this, -1);
            }
        }
    }

    /** After {@code lifecycle = CLOSED}: lets a wakeup already under way finish before the driver closes. */
    private void awaitWakers() {
        while ((int) WAKERS.getVolatile(this) != 0) {
            Thread.onSpinWait();
        }
    }

    /** A producer that raced with close drains the stack itself: a take-all is safe from any thread. */
    private void failLateTasks() {
        LoopTask t = tasks.takeAllInOrder();
        while (t != null) {
            LoopTask next = t.nextTask;
            t.nextTask = null;
            if (t instanceof Operation op && op.state == Operation.QUEUED) {
                op.state = Operation.IDLE;
                op.loop = null;
                op.deliver(0, new LoopClosedException("event loop is closed; " + op + " was not submitted"));
            }
            t = next;
        }
    }

    /** Loop thread: registers the operation and hands it to the driver (or the timer heap). */
    void start(Operation op) {
        if (lifecycle != OPEN) {
            op.state = Operation.IDLE;
            deliver(op, 0, new LoopClosedException("event loop is closing; " + op + " was not submitted"));
            return;
        }
        if (op.cancelRequested) {
            op.state = Operation.IDLE;
            deliver(op, 0, new CancellationException("cancelled before submission"));
            return;
        }
        if (op instanceof OwnedClose close && close.handle.attached) {
            close.handle.attached = false;
            driver.detach(close.handle.handle());
        }
        OwnedHandle owner = op.owner;
        if (owner != null) {
            if (owner.isClosing()) {
                op.state = Operation.IDLE;
                deliver(op, 0, new AsynchronousCloseException());
                return;
            }
            if (!owner.attached) {
                owner.attached = true;
                driver.attach(owner.handle(), owner.role());
            }
        }
        op.loop = this;
        op.state = Operation.IN_FLIGHT;
        countInFlight(1);
        if (owner != null) {
            owner.linkInFlight(op);
        }
        if (op.opcode() == Opcode.SLEEP) {
            timers.add(op);
            return;
        }
        if ((op.flags() & Request.BUFFER_SELECT) != 0 && !driver.supportsProvidedBuffers()) {
            countInFlight(-1);
            op.state = Operation.IDLE;
            deliver(op, 0, new UnsupportedOperationException(driver.backend().name() + " takes no buffers from a ring"));
            return;
        }
        if ((op.flags() & Request.MULTISHOT) != 0 && (!(op instanceof MultishotOperation) || !driver.supportsMultishot(op.opcode()))) {
            countInFlight(-1);
            op.state = Operation.IDLE;
            deliver(op, 0, new UnsupportedOperationException(driver.backend().name() + " serves no multishot " + op.opcode()));
            return;
        }
        if (!driver.supports(op.opcode())) {
            countInFlight(-1);
            op.state = Operation.IDLE;
            deliver(op, 0, new UnsupportedOperationException(driver.backend().name() + " on " + System.getProperty("os.name")
                    + " cannot serve " + op.opcode()));
            return;
        }
        op.token = registry.register(op);
        stats.incrementSingleWriter(LoopStats.Counter.SUBMITTED);
        if (op instanceof Offloaded<?>) {
            stats.incrementSingleWriter(LoopStats.Counter.BLOCKING_RUNS);
            BlockingPool.SHARED.execute(op, Offloaded.WORK);
            return;
        }
        try {
            driver.submit(op);
        } catch (RuntimeException e) {
            registry.take(op.token);
            countInFlight(-1);
            deliver(op, 0, e);
        }
    }

    /**
     * Any thread: cancels every operation in flight on a handle that is closing (they fail with
     * {@link AsynchronousCloseException}); its close follows the last completion.
     */
    void cancelAll(OwnedHandle handle) {
        if (isLoopThread()) {
            cancelAllOnLoop(handle);
        } else {
            try {
                execute(() -> cancelAllOnLoop(handle));
            } catch (LoopClosedException e) {
                // nothing in flight can complete any more; the handle is closed by its last release
            }
        }
    }

    private void cancelAllOnLoop(OwnedHandle handle) {
        for (Operation op : handle.inFlightNow()) {
            if (op.owner == handle && op.state != Operation.IDLE && !op.cancelRequested) {
                op.cancelledByClose = true;
                op.cancelRequested = true;
                cancelOnLoop(op);
            }
        }
    }

    /**
     * Any thread: closes an owned handle, now that nothing is in flight on it (the driver
     * detaches it first, on the loop thread). On a closed loop it is closed on this thread.
     */
    void closeOwned(OwnedHandle handle) {
        OwnedClose op = new OwnedClose(handle);
        op.prepareClose(handle.handle());
        submit(op);
    }

    /** Any thread: cancel an operation of this loop. */
    void requestCancel(Operation op) {
        if (isLoopThread()) {
            cancelOnLoop(op);
        } else {
            push(new CancelTask(op));
        }
    }

    /**
     * Any thread: cancel the request whose future is {@code request}, if {@code op} still serves
     * it. The check and the cancel flag are the loop thread's, so a future kept after its
     * completion cannot cancel the recycled operation's next request.
     */
    void requestCancel(CountOperation op, RequestFuture<?> request) {
        if (isLoopThread()) {
            cancelIfServing(op, request);
        } else {
            push(new CancelRequestTask(op, request));
        }
    }

    /** Loop thread. A queued operation is cancelled when it starts; one in flight, now. */
    void cancelIfServing(CountOperation op, RequestFuture<?> request) {
        if (op.request != request) {
            return; // that request is settled; the operation is idle or serves another
        }
        op.cancelRequested = true;
        cancelOnLoop(op);
    }

    private void cancelOnLoop(Operation op) {
        if (op.state != Operation.IN_FLIGHT || op.loop != this) {
            return; // queued ones are cancelled at start; finished ones have nothing to cancel
        }
        if (op.opcode() == Opcode.SLEEP) {
            if (timers.remove(op)) {
                countInFlight(-1);
                deliver(op, 0, new CancellationException("sleep cancelled"));
            }
            return;
        }
        if (op.blockingWork != null) {
            if (BlockingPool.SHARED.removeQueued(op)) {
                op.blockingWork = null;
                if (!(op instanceof Offloaded<?>)) {
                    driver.blockingWithdrawn(op);
                }
                registry.take(op.token);
                countInFlight(-1);
                deliver(op, 0, new CancellationException("cancelled before the blocking pool ran it"));
            }
            return; // already running: its result will come
        }
        stats.incrementSingleWriter(LoopStats.Counter.CANCELS);
        driver.cancel(op);
    }

    /** Blocking pool thread: hand a finished operation back. */
    void postBlockingDone(Operation op) {
        op.state = Operation.BLOCKING_DONE;
        tasks.push(op);
        wakeUp();
    }

    /** Loop thread: the blocking pool finished an operation; its driver decodes and completes it. */
    void completeBlocking(Operation op) {
        op.state = Operation.IN_FLIGHT;
        op.blockingWork = null;
        if (op instanceof Offloaded<?>) {
            registry.take(op.token);
            countInFlight(-1);
            deliver(op, 0, null); // the call's value or exception is the operation's own
            return;
        }
        driver.completeBlocking(op, op.rawResult);
    }

    private void deliver(Operation op, long result, Throwable failure) {
        stats.incrementSingleWriter(LoopStats.Counter.DELIVERED);
        if (op.owner != null) {
            op.owner.unlinkInFlight(op); // before the callback, which may close the handle
        }
        if (op.cancelledByClose) {
            op.cancelledByClose = false;
            if (failure instanceof CancellationException) {
                failure = new AsynchronousCloseException();
            }
        }
        if (Trace.ON) {
            Trace.completed(op, result, failure);
        }
        try {
            op.deliver(result, failure);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "completion callback of " + op + " threw; the loop goes on", t);
        }
    }

    /**
     * Loop thread: a request completed with the OS's raw outcome. Errors are translated once, here,
     * with the driver's table; a cancelled request ends in a {@link CancellationException}; a
     * handle an OPEN produced after its cancel was asked for is closed here, for every driver.
     */
    private void completeRaw(Operation op, long raw, Object payload) {
        Throwable failure = null;
        long result = raw;
        if (raw == BlockingWork.THREW) {
            failure = new IllegalStateException("the blocking system call for " + op + " threw");
            result = 0;
        } else if (raw < 0) {
            OsError error = driver.errors().lookup((int) -raw);
            failure = error.kind() == ErrorKind.CANCELLED || (error.kind() == ErrorKind.INTERRUPTED && op.cancelRequested)
                    ? new CancellationException(op.opcode() + " cancelled")
                    : op.failureFor(error);
            result = 0;
        } else if (op.cancelRequested && (op.opcode() == Opcode.OPEN || op.opcode() == Opcode.ACCEPT)) {
            discard(raw);
            failure = new CancellationException(op.opcode() + (op.path() != null ? " of " + op.path() : "") + " cancelled; the handle it produced was closed");
            result = 0;
        } else {
            op.payload = payload;
        }
        if (op.token != 0) {
            registry.take(op.token);
        }
        countInFlight(-1);
        deliver(op, result, failure);
    }

    /**
     * Closes a handle nobody will use (an open's result after its cancel) at once, before the
     * cancellation is delivered: nothing else knows its number, and no driver has seen it.
     */
    private static void discard(long handle) {
        try {
            Platform.closeHandle(handle);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing handle " + handle + " of a cancelled open failed", e);
        }
    }

    private void closeOnLoop() {
        if (lifecycle != OPEN) {
            return;
        }
        lifecycle = CLOSING;
        try {
            runTasks(); // queued operations fail with LoopClosedException
            for (Operation op : timers.drain()) {
                countInFlight(-1);
                deliver(op, 0, new CancellationException("event loop closed"));
            }
            for (Operation op : registry.snapshot()) {
                cancelOnLoop(op);
            }
            long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
            while (registry.size() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                WAKEUP_PENDING.setVolatile(this, false);
                runTasks();
                deliverLater();
                if (registry.size() == 0) {
                    break;
                }
                driver.poll(later.isEmpty() ? Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)) : 0);
            }
        } finally {
            lifecycle = CLOSED;
            failLateTasks();
            if (registry.size() == 0) {
                awaitWakers();
                driver.close();
            } else {
                LEAKED.add(this);
                LOG.log(System.Logger.Level.WARNING, "rusticated event loop " + owner.getName() + " closed with " + registry.size()
                        + " operations the kernel has not completed; their memory and the driver are kept, not freed");
            }
            if (CURRENT.get() == this) {
                CURRENT.remove();
            }
        }
    }

    /** Loops whose kernel work never finished: kept reachable so their memory is never freed. */
    private static final java.util.Queue<EventLoop> LEAKED = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** What the driver sees of its loop. */
    private final class Context implements DriverContext {
        @Override
        public Request takeInFlight(long token) {
            Operation op = registry.take(token);
            if (op != null) {
                op.token = 0;
            }
            return op;
        }

        @Override
        public Request peekInFlight(long token) {
            return registry.peek(token);
        }

        @Override
        public void complete(Request op, long raw) {
            completeRaw((Operation) op, raw, null);
        }

        @Override
        public void complete(Request op, long raw, Object payload) {
            completeRaw((Operation) op, raw, payload);
        }

        @Override
        public void completeMore(Request request, long raw, Object payload) {
            MultishotOperation op = (MultishotOperation) request;
            stats.incrementSingleWriter(LoopStats.Counter.DELIVERED);
            if (Trace.ON) {
                Trace.completed(op, raw, null);
            }
            try {
                op.deliverNext(raw, payload);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "multishot callback of " + op + " threw; the loop goes on", t);
            }
        }

        @Override
        public void fail(Request request, Throwable failure) {
            Operation op = (Operation) request;
            if (op.token != 0) {
                registry.take(op.token);
            }
            countInFlight(-1);
            deliver(op, 0, failure);
        }

        @Override
        public void completeLater(Request request, long raw) {
            Operation op = (Operation) request;
            op.rawResult = raw;
            later.addLast(op);
        }

        @Override
        public void failLater(Request request, Throwable failure) {
            Operation op = (Operation) request;
            op.laterFailure = failure;
            later.addLast(op);
        }

        @Override
        public boolean hasLaterCompletions() {
            return !later.isEmpty();
        }

        @Override
        public void runBlocking(Request op, BlockingWork work) {
            stats.incrementSingleWriter(LoopStats.Counter.BLOCKING_RUNS);
            BlockingPool.SHARED.execute((Operation) op, work);
        }

        @Override
        public void attachScratch(Request op, MemorySegment memory) {
            ((Operation) op).scratch = memory;
        }

        @Override
        public MemorySegment scratch(Request op) {
            return ((Operation) op).scratch;
        }

        @Override
        public int queueEntries() {
            return queueEntries;
        }

        @Override
        public void wakeLoop() {
            wakeUp();
        }

        @Override
        public void count(DriverEvent event) {
            stats.incrementSingleWriter(event);
        }
    }

    /** A call run on the blocking pool for its value, not an OS request ({@link #offload}). */
    private static final class Offloaded<T> extends FutureOperation<T> {
        static final BlockingWork WORK = request -> {
            Offloaded<?> op = (Offloaded<?>) request;
            try {
                op.value = op.call.call();
            } catch (Throwable t) {
                op.thrown = t;
            }
            return 0;
        };

        private final java.util.concurrent.Callable<T> call;
        // Written on the pool thread, read on the loop thread after the pool hands the op back.
        private Object value;
        private Throwable thrown;

        Offloaded(java.util.concurrent.Callable<T> call) {
            this.call = call;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected T result(long ignored) throws Exception {
            if (thrown instanceof Exception e) {
                throw e;
            }
            if (thrown instanceof Error e) {
                throw e;
            }
            return (T) value;
        }
    }

    /** The close of an owned handle, once its last operation completed. */
    private static final class OwnedClose extends Operation {
        private final OwnedHandle handle;

        OwnedClose(OwnedHandle handle) {
            this.handle = handle;
        }

        @Override
        protected void complete(long result, Throwable failure) {
            if (failure instanceof LoopClosedException) {
                handle.closeDirectly(); // the loop closed meanwhile: no driver state is left for it
                return;
            }
            handle.closeDone(failure);
        }
    }


    private static final class RunTask extends LoopTask {
        private final Runnable task;

        RunTask(Runnable task) {
            this.task = task;
        }

        @Override
        void runOnLoop(EventLoop loop) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "task on the rusticated event loop threw; the loop goes on", t);
            }
        }
    }

    private static final class CancelTask extends LoopTask {
        private final Operation op;

        CancelTask(Operation op) {
            this.op = op;
        }

        @Override
        void runOnLoop(EventLoop loop) {
            loop.cancelOnLoop(op);
        }
    }

    private static final class CancelRequestTask extends LoopTask {
        private final CountOperation op;
        private final RequestFuture<?> request;

        CancelRequestTask(CountOperation op, RequestFuture<?> request) {
            this.op = op;
            this.request = request;
        }

        @Override
        void runOnLoop(EventLoop loop) {
            loop.cancelIfServing(op, request);
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + owner.getName() + ", " + driver.backend().name() + ", in flight " + inFlight() + "]";
    }
}
