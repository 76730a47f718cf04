package io.rusticated.windows;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which port each handle is associated with, process-wide, and the ports' loops. Windows lets a
 * handle be associated with one port for its whole life ("a handle can be associated with only
 * one I/O completion port", CreateIoCompletionPort; nothing undoes it), so a handle first used on
 * loop A completes on A's port even for calls loop B makes: A hands such packets on to B (the
 * block names B's port). B counts each such call against A's port and wakes A, which keeps
 * waiting on its port while any is outstanding ({@link IocpDriver#waitsForOthers()}). Once A's
 * port is closed, a handle associated with it is served by waiting on an event
 * ({@link IocpOs#eventIo()}).
 */
final class Associations {
    private Associations() {
    }

    private static final Map<Long, Long> PORT_OF_HANDLE = new ConcurrentHashMap<>();
    private static final Map<Long, Loop> LIVE_PORTS = new ConcurrentHashMap<>();

    /** A live port's loop: how to wake it, and the calls of other loops whose packets it will receive. */
    private record Loop(Runnable waker, AtomicInteger foreignCalls) {
    }

    static void portOpened(long port, Runnable waker) {
        LIVE_PORTS.put(port, new Loop(waker, new AtomicInteger()));
    }

    /** The port closed: handles associated with it stay so, with no loop to dequeue their packets. */
    static void portClosed(long port) {
        LIVE_PORTS.remove(port);
    }

    /** The port a handle of this process is associated with, or null. */
    static Long portOf(long handle) {
        return PORT_OF_HANDLE.get(handle);
    }

    static boolean isLive(long port) {
        return LIVE_PORTS.containsKey(port);
    }

    static void associated(long handle, long port) {
        PORT_OF_HANDLE.put(handle, port);
    }

    /** The handle is being closed: its number may name another object soon. */
    static void forget(long handle) {
        PORT_OF_HANDLE.remove(handle);
    }

    /**
     * Another loop is about to make a call whose packet will reach {@code port}: counts it and wakes
     * that port's loop. False when the port is no longer live (then the call must not go through it).
     */
    static boolean foreignCallStarting(long port) {
        Loop loop = LIVE_PORTS.get(port);
        if (loop == null) {
            return false;
        }
        loop.foreignCalls().incrementAndGet();
        loop.waker().run();
        return true;
    }

    /** A call counted by {@link #foreignCallStarting} is over for {@code port}: its packet was handed on, or none will come. */
    static void foreignCallDone(long port) {
        Loop loop = LIVE_PORTS.get(port);
        if (loop != null) {
            loop.foreignCalls().decrementAndGet();
        }
    }

    /** Calls of other loops whose packets {@code port} is still to receive. */
    static int foreignCalls(long port) {
        Loop loop = LIVE_PORTS.get(port);
        return loop == null ? 0 : loop.foreignCalls().get();
    }
}
