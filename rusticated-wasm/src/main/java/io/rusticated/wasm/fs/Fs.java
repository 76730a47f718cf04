package io.rusticated.wasm.fs;

import io.rusticated.wasm.abi.DirRecord;
import io.rusticated.wasm.abi.Host;
import io.rusticated.wasm.abi.HostError;
import io.rusticated.wasm.abi.StatRecord;
import io.rusticated.wasm.rt.LinearMemory;
import io.rusticated.wasm.rt.Operation;
import io.rusticated.wasm.rt.Proactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;

/** Path operations on the host's file system, each one operation the calling fiber waits for. */
public final class Fs {
    /** Bytes of directory records asked for per READ_DIR. */
    static final int DIR_BATCH = 32 * 1024;

    private Fs() {
    }

    /** Metadata of the path, following a symbolic link at its end. */
    public static Metadata metadata(String path) throws IOException {
        return stat(path, 0);
    }

    /** Metadata of the path itself, a symbolic link included. */
    public static Metadata symlinkMetadata(String path) throws IOException {
        return stat(path, Host.STAT_NOFOLLOW);
    }

    public static void createDir(String path, int mode) throws IOException {
        run(Operation.mkdir(HostPaths.encode(path), mode), path, null);
    }

    public static void removeFile(String path) throws IOException {
        run(Operation.unlink(HostPaths.encode(path), false), path, null);
    }

    /** Removes an empty directory: DirectoryNotEmptyException otherwise, as the JDK's delete. */
    public static void removeDir(String path) throws IOException {
        int r = await(Operation.unlink(HostPaths.encode(path), true));
        if (r == -HostError.ENOTEMPTY || r == -HostError.EEXIST) {
            throw new DirectoryNotEmptyException(path);
        }
        HostErrors.checkPath(r, path, null);
    }

    /** Renames; with noReplace an existing target fails with FileAlreadyExistsException. */
    public static void rename(String from, String to, boolean noReplace) throws IOException {
        int r = await(Operation.rename(HostPaths.encode(from), HostPaths.encode(to), noReplace));
        if (r == -HostError.ENOTEMPTY) {
            throw new DirectoryNotEmptyException(to);
        }
        HostErrors.checkPath(r, from, to);
    }

    /** Creates a symbolic link at link whose target is the text target. */
    public static void symlink(String target, String link) throws IOException {
        run(Operation.symlink(HostPaths.encode(target), HostPaths.encode(link)), link, null);
    }

    /** Creates a hard link at link to the existing file. */
    public static void hardLink(String existing, String link) throws IOException {
        run(Operation.link(HostPaths.encode(existing), HostPaths.encode(link)), link, existing);
    }

    /** Checks access(2)-style with {@code Host.ACCESS_*} bits (0: existence). */
    public static void checkAccess(String path, int mode) throws IOException {
        run(Operation.access(HostPaths.encode(path), mode), path, null);
    }

    /** The entries of the directory, without "." and "..", in the host's order. */
    public static List<DirEntry> readDir(String path) throws IOException {
        int r = await(Operation.openDir(HostPaths.encode(path)));
        if (r == -HostError.ENOTDIR) {
            throw new NotDirectoryException(path);
        }
        int dir = HostErrors.checkPath(r, path, null);
        List<DirEntry> entries = new ArrayList<>();
        try {
            while (true) {
                Operation op = Operation.readDir(dir, LinearMemory.allocate(DIR_BATCH));
                int n = Proactor.await(op);
                try {
                    HostErrors.checkPath(n, path, null);
                    if (n == 0) {
                        break;
                    }
                    decode(op.memory(), n, entries);
                } finally {
                    op.release();
                }
            }
        } finally {
            Proactor.await(Operation.close(dir));
        }
        return entries;
    }

    private static void decode(LinearMemory batch, int length, List<DirEntry> into) {
        int at = 0;
        while (at + DirRecord.HEADER <= length) {
            int kind = batch.getByte(at + DirRecord.KIND);
            int nameLength = batch.getByte(at + DirRecord.NAME_LENGTH) | batch.getByte(at + DirRecord.NAME_LENGTH + 1) << 8;
            byte[] name = new byte[nameLength];
            batch.copyTo(at + DirRecord.HEADER, name, 0, nameLength);
            into.add(new DirEntry(new String(name, StandardCharsets.UTF_8), FileType.of(kind)));
            at += DirRecord.HEADER + nameLength;
        }
    }

    private static Metadata stat(String path, int flags) throws IOException {
        Operation op = Operation.stat(HostPaths.encode(path), flags, LinearMemory.allocate(StatRecord.SIZE));
        int r = Proactor.await(op);
        try {
            HostErrors.checkPath(r, path, null);
            return Metadata.decode(op.memory2());
        } finally {
            op.release();
        }
    }

    private static int await(Operation op) {
        int r = Proactor.await(op);
        op.release();
        return r;
    }

    private static void run(Operation op, String path, String other) throws IOException {
        HostErrors.checkPath(await(op), path, other);
    }
}
