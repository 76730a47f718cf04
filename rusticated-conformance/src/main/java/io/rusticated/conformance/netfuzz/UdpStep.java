package io.rusticated.conformance.netfuzz;

/**
 * One step of a {@link UdpScript}: what to do, on which socket (one of {@link UdpScript#SOCKETS}
 * slots), towards which target (a slot, or {@link UdpScript#CLOSED_PORT}: a port where nothing is
 * bound), and a random number the run turns into a size.
 */
record UdpStep(Kind kind, int socket, int target, int random) {
    enum Kind {
        /** Bind a new socket to loopback, port 0, in a slot not yet used. */
        OPEN,
        /** Connect to the target (after receiving what is queued, which a connect may discard). */
        CONNECT,
        /** One datagram of 0-2000 B to the target. */
        SEND_TO,
        /** One datagram to the connected peer. */
        SEND,
        /** Receive one datagram from anyone, with a buffer of 1 B-2 KiB (pending while nothing can arrive). */
        RECEIVE_FROM,
        /** Receive one datagram from the connected peer. */
        RECEIVE,
        /** A receive started while nothing can arrive, then cancelled. */
        CANCEL_RECEIVE,
        CLOSE,
        /** Dissolve the connection (nothing on an unconnected or closed socket). */
        DISCONNECT
    }

    @Override
    public String toString() {
        String to = target == UdpScript.CLOSED_PORT ? "closed port" : "s" + target;
        return switch (kind) {
            case CONNECT, SEND_TO -> kind.name().toLowerCase() + " s" + socket + " -> " + to;
            default -> kind.name().toLowerCase() + " s" + socket;
        };
    }
}
