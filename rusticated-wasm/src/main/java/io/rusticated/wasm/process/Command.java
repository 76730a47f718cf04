package io.rusticated.wasm.process;

/**
 * rusticated's process API on WASM: a WebAssembly guest has no processes to spawn (the host ABI
 * has no such operation, and a browser host could not offer one), so every call says so.
 */
public final class Command {
    private final String program;

    public Command(String program) {
        this.program = program;
    }

    /** Always throws: {@code UnsupportedOperationException} naming WASM and the call. */
    public Object spawn() {
        throw new UnsupportedOperationException("WASM: Command.spawn(" + program + ") is not supported: a WebAssembly guest has no processes");
    }
}
