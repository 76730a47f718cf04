package io.rusticated.net;

/** Which direction of a connection to shut down. */
public enum Shutdown {
    /** No more reads: pending and later reads see the end of the stream. */
    READ,
    /** No more writes: the peer reads the end of the stream (a FIN on TCP). */
    WRITE,
    BOTH
}
