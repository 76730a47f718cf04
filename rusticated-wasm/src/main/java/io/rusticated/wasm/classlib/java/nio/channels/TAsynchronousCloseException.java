package io.rusticated.wasm.classlib.java.nio.channels;

import java.nio.channels.ClosedChannelException;

/** java.nio.channels.AsynchronousCloseException for a guest on rusticated (absent from TeaVM's class library). */
public class TAsynchronousCloseException extends ClosedChannelException {
    private static final long serialVersionUID = 1L;
}
