package io.rusticated.wasm.classlib.java.util.concurrent;

/** java.util.concurrent.TimeoutException for a guest on rusticated (absent from TeaVM's class library). */
public class TTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    public TTimeoutException() {
    }

    public TTimeoutException(String message) {
        super(message);
    }
}
