package io.rusticated.wasm.rt;

/**
 * What an {@link Operation} asks of the host: the opcodes of rusticated-core's drivers that a
 * WASM host can serve, under the same names. NOP and POLL have no host call (a guest has no
 * descriptors to poll); SLEEP is served by the guest's own timer heap. OPEN_DIR is OPEN with
 * O_DIRECTORY on the native drivers; a host keeps directory streams apart from files.
 */
public enum Opcode {
    READ,
    WRITE,
    OPEN,
    CLOSE,
    STAT,
    FSYNC,
    TRUNCATE,
    MKDIR,
    UNLINK,
    RENAME,
    SYMLINK,
    LINK,
    ACCESS,
    OPEN_DIR,
    READ_DIR,
    SLEEP
}
