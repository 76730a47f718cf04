package io.rusticated.wasm.abi;

import org.teavm.interop.Import;

/**
 * The host imports: import module {@code rusticated}, ABI version {@link #ABI_VERSION}. This class
 * is the whole surface a host implements (docs/targets/wasm.md describes each function for host
 * writers); the guest's proactor is its only caller.
 *
 * <p>Every operation is submitted with a token (a positive i32 naming it in the guest's completion
 * registry) and returns at once; the host performs it and later, from its own event loop and never
 * from inside an import, calls the guest's export {@code rusticated_complete(token, result)}, then
 * {@code rusticated_tick()}. A result is a count or handle (>= 0) or a negated {@link HostError}
 * code. Bytes cross in bulk: {@code addr}/{@code len} name a region of the guest's linear memory
 * (the host's {@code env.memory}) that the guest lends to the operation until its completion.
 * Paths are UTF-8 without a terminator. 64-bit offsets and lengths are f64 (exact to 2^53).
 */
public final class Host {
    /** The ABI this guest speaks; the guest exports it as {@code rusticated_abi_version}. */
    public static final int ABI_VERSION = 1;

    /** {@link #open} flags. */
    public static final int OPEN_READ = 1;
    public static final int OPEN_WRITE = 2;
    public static final int OPEN_APPEND = 4;
    public static final int OPEN_TRUNCATE = 8;
    public static final int OPEN_CREATE = 16;
    public static final int OPEN_CREATE_NEW = 32;

    /** {@link #stat} flag: do not follow a symbolic link at the end of the path. */
    public static final int STAT_NOFOLLOW = 1;

    /** {@link #access} mode bits; 0 checks existence only. */
    public static final int ACCESS_EXECUTE = 1;
    public static final int ACCESS_WRITE = 2;
    public static final int ACCESS_READ = 4;

    /** The handles of standard input, output and error, open when the guest starts. */
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    private Host() {
    }

    /** Reads up to len bytes into [addr, addr+len) at offset, or at the handle's position when offset is -1. */
    @Import(module = "rusticated", name = "read")
    public static native void read(int token, int handle, int addr, int len, double offset);

    /** Writes [addr, addr+len) at offset, or at the handle's position (the end with append) when -1. */
    @Import(module = "rusticated", name = "write")
    public static native void write(int token, int handle, int addr, int len, double offset);

    /** Opens the path with {@code OPEN_*} flags and, when creating, the permission bits mode; result: a handle. */
    @Import(module = "rusticated", name = "open")
    public static native void open(int token, int pathAddr, int pathLen, int flags, int mode);

    /** Closes a handle from {@link #open} or {@link #openDir}. */
    @Import(module = "rusticated", name = "close")
    public static native void close(int token, int handle);

    /**
     * Writes the {@link StatRecord} of the handle (when handle >= 0) or of the path into
     * [outAddr, outAddr + StatRecord.SIZE).
     */
    @Import(module = "rusticated", name = "stat")
    public static native void stat(int token, int handle, int pathAddr, int pathLen, int flags, int outAddr);

    /** Flushes the handle to storage; dataOnly = 1 skips metadata (fdatasync). */
    @Import(module = "rusticated", name = "fsync")
    public static native void fsync(int token, int handle, int dataOnly);

    /** Sets the length of the file open on handle. */
    @Import(module = "rusticated", name = "truncate")
    public static native void truncate(int token, int handle, double length);

    /** Creates a directory with the permission bits mode (less the host's umask). */
    @Import(module = "rusticated", name = "mkdir")
    public static native void mkdir(int token, int pathAddr, int pathLen, int mode);

    /** Removes a file (directory = 0) or an empty directory (directory = 1). */
    @Import(module = "rusticated", name = "unlink")
    public static native void unlink(int token, int pathAddr, int pathLen, int directory);

    /** Renames from to to; noReplace = 1 fails with EEXIST when to exists. */
    @Import(module = "rusticated", name = "rename")
    public static native void rename(int token, int fromAddr, int fromLen, int toAddr, int toLen, int noReplace);

    /** Creates a symbolic link at link whose target is the text target. */
    @Import(module = "rusticated", name = "symlink")
    public static native void symlink(int token, int targetAddr, int targetLen, int linkAddr, int linkLen);

    /** Creates a hard link at link to the existing file. */
    @Import(module = "rusticated", name = "link")
    public static native void link(int token, int existingAddr, int existingLen, int linkAddr, int linkLen);

    /** Checks access(2)-style with {@code ACCESS_*} bits; result 0 or an error. */
    @Import(module = "rusticated", name = "access")
    public static native void access(int token, int pathAddr, int pathLen, int mode);

    /** Opens a directory for {@link #readDir}; result: a handle. */
    @Import(module = "rusticated", name = "open_dir")
    public static native void openDir(int token, int pathAddr, int pathLen);

    /**
     * Fills [addr, addr+len) with whole {@link DirRecord}s; result: the bytes written, 0 at the end.
     * "." and ".." are never listed.
     */
    @Import(module = "rusticated", name = "read_dir")
    public static native void readDir(int token, int handle, int addr, int len);

    /** Asks the host to cancel the operation; its completion still follows (ECANCELED if it won). */
    @Import(module = "rusticated", name = "cancel")
    public static native void cancel(int token);

    /** Ends the program with the status; the host stops calling the guest. Output was awaited before. */
    @Import(module = "rusticated", name = "exit")
    public static native void exit(int status);
}
