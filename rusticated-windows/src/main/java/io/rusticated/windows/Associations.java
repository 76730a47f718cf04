package io.rusticated.windows;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which port each handle is associated with, process-wide. Windows lets a handle be associated
 * with one port for its whole life ("a handle can be associated with only one I/O completion
 * port", CreateIoCompletionPort; there is no way to undo it), so a handle first used on loop A
 * completes on A's port even for I/O that loop B issues: A hands such packets on to B (the block
 * names B's port). That works while A's port is open; once A closed it, a handle associated with
 * it can only be served by waiting on an event ({@link IocpOs#eventIo()}).
 */
final class Associations {
    private Associations() {
    }

    private static final Map<Long, Long> PORT_OF_HANDLE = new ConcurrentHashMap<>();
    private static final Set<Long> LIVE_PORTS = ConcurrentHashMap.newKeySet();

    static void portOpened(long port) {
        LIVE_PORTS.add(port);
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
        return LIVE_PORTS.contains(port);
    }

    static void associated(long handle, long port) {
        PORT_OF_HANDLE.put(handle, port);
    }

    /** The handle is being closed: its number may name another object soon. */
    static void forget(long handle) {
        PORT_OF_HANDLE.remove(handle);
    }
}
