package io.rusticated.wasm.signal;

/** rusticated's signal API on WASM: a guest receives no OS signals, so every call says so. */
public final class Signals {
    private Signals() {
    }

    /** Always throws: {@code UnsupportedOperationException} naming WASM and the call. */
    public static Object ctrlC() {
        throw new UnsupportedOperationException("WASM: Signals.ctrlC() is not supported: a WebAssembly guest receives no signals");
    }

    /** Always throws: {@code UnsupportedOperationException} naming WASM and the call. */
    public static Object listen(String signal) {
        throw new UnsupportedOperationException("WASM: Signals.listen(" + signal + ") is not supported: a WebAssembly guest receives no signals");
    }
}
