package io.rusticated.conformance.netfuzz;

import java.io.IOException;

/**
 * The socket calls a {@link Script} is made of, as one implementation makes them: rusticated's
 * sockets on a loop, or the JDK's channels. A world owns one listener, an address where a port is
 * bound but nothing listens (connections are refused), and the connections made through it; an end
 * is an opaque object of the implementation. Calls that can wait start and return a {@link Call};
 * the rest complete before they return.
 */
interface Sockets extends AutoCloseable {
    /** Accepts one connection on this world's listener. */
    Call accept();

    /** Connects to the listener ({@code refused} false) or to the port where nothing listens. */
    Call connect(boolean refused);

    /**
     * An accept, started while no connection waits and then cancelled: "cancelled", or what went
     * wrong. The JDK's blocking channels cannot withdraw a call, so there it is "cancelled" by
     * definition; what the script does next (the next accept gets the next connection) checks that
     * nothing was taken.
     */
    Result cancelledAccept();

    /** A connect to an address that never answers (a listener whose queue is full), then cancelled. */
    Result cancelledConnect();

    /** A read started while nothing can arrive, then cancelled: it must take no bytes. */
    Result cancelledRead(Object end, int max);

    /** One read of at most {@code max} bytes. */
    Call read(Object end, int max);

    /** One write call: the JDK's may be short, rusticated's may be short. */
    Call write(Object end, byte[] data);

    /** Writes everything, over as many calls as it takes. */
    Call writeAll(Object end, byte[] data);

    Result shutdown(Object end, boolean input);

    Result close(Object end);

    /** Close with a reset (SO_LINGER 0); a second close of either kind does nothing, as close(). */
    Result closeWithReset(Object end);

    /** Small fixed send and receive buffers, so a few hundred KiB fill them. */
    void configure(Object end) throws IOException;

    /** Returns once the call is under way: handed to the kernel, or its thread parked in it. */
    void started(Call call);

    /** The call's result; fails the run if it does not complete within the limit. */
    Result await(Call call);

    /** After every end is closed: nothing may be left in flight. A description of what is, or null. */
    String leftover();

    @Override
    void close() throws IOException;
}
