package io.rusticated.wasm.tty;

/**
 * rusticated's terminal API on WASM: the host ABI has no terminal modes or window size (standard
 * input and output are plain handles), so every call says so.
 */
public final class Tty {
    private Tty() {
    }

    /** Always throws: {@code UnsupportedOperationException} naming WASM and the call. */
    public static Object windowSize(int handle) {
        throw new UnsupportedOperationException("WASM: Tty.windowSize(" + handle + ") is not supported: the host ABI has no terminal control");
    }

    /** Always throws: {@code UnsupportedOperationException} naming WASM and the call. */
    public static Object enterRawMode(int handle) {
        throw new UnsupportedOperationException("WASM: Tty.enterRawMode(" + handle + ") is not supported: the host ABI has no terminal control");
    }
}
