package io.rusticated.net;

import io.rusticated.io.Buffer;

/** Where {@link StreamSocket#readMulti} delivers, on the loop thread. */
public interface ReadHandler {
    /** Data received, in a buffer from the ring: the handler owns it and must {@link Buffer#release()} it. */
    void onData(Buffer data);

    /** The stream ended: {@code failure} null at the end of the stream (or after {@link ReadStream#cancel()}), else what failed. Called once. */
    void onEnd(Throwable failure);
}
