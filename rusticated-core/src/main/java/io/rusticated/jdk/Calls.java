package io.rusticated.jdk;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.Metadata;
import io.rusticated.path.NativePath;
import io.rusticated.rt.Trace;
import io.rusticated.spi.DirectCalls;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.Request;

import java.lang.foreign.MemorySegment;
import java.nio.file.AccessMode;
import java.util.List;

/**
 * The system calls of the JDK plug-ins' synchronous calls, each made on the calling thread
 * through the OS module's {@link DirectCalls}: no loop, no other thread, as the JDK's own
 * provider makes them. An OS error comes out as it is, an {@link OsErrorException}, because the
 * JDK translates the same error differently from call to call (ENOTDIR is "no such file" when
 * reading attributes, not when deleting); the caller translates it as the JDK's call it serves
 * does. Each call is a line in the trace ({@code -Drusticated.trace}), as the loop's operations are.
 *
 * <p>Only called where {@link Proactor#calls()} gave the OS module's calls: the provider decides
 * that before serving.
 */
final class Calls {
    private Calls() {
    }

    private static DirectCalls os() {
        return Proactor.calls();
    }

    private static OsErrorException failure(DirectCalls os, long raw) {
        return new OsErrorException(os.errors().lookup((int) -raw));
    }

    /** Runs the request the scratch holds; the raw result, traced. */
    private static long run(DirectCalls os, CallScratch s, MemorySegment scratch) {
        DirectRequest r = s.request;
        long raw = os.run(r, scratch);
        if (Trace.isOn()) {
            Trace.called(r.opcode().name(), r.handle(), r.path(), r.path2(), 0, -1, raw, os.errors());
        }
        return raw;
    }

    /** Runs the request; its result, or its OS error thrown. */
    private static long check(DirectCalls os, CallScratch s, MemorySegment scratch) throws OsErrorException {
        long raw = run(os, s, scratch);
        if (raw < 0) {
            throw failure(os, raw);
        }
        return raw;
    }

    /** Metadata of a path (relative to {@code dir} unless it is {@link Request#NO_HANDLE}). */
    static Metadata stat(long dir, NativePath path, boolean followLinks) throws OsErrorException {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(Opcode.STAT).handle(dir).path(s.first(path)).flags(followLinks ? 0 : Request.NO_FOLLOW);
            MemorySegment statx = s.stat(os.scratchSize(Opcode.STAT));
            return (Metadata) os.payload(s.request, statx, check(os, s, statx));
        } finally {
            s.done();
        }
    }

    static Metadata stat(NativePath path, boolean followLinks) throws OsErrorException {
        return stat(Request.NO_HANDLE, path, followLinks);
    }

    /** Whether a stat of the path succeeds: what {@code Files.exists} asks without following links, without decoding the answer. */
    static boolean statSucceeds(NativePath path, boolean followLinks) {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(Opcode.STAT).path(s.first(path)).flags(followLinks ? 0 : Request.NO_FOLLOW);
            return run(os, s, s.stat(os.scratchSize(Opcode.STAT))) >= 0;
        } finally {
            s.done();
        }
    }

    /** Whether the path names something (following links): the JDK's {@code exists}, an access(2) with no mode. */
    static boolean accessSucceeds(NativePath path) {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(Opcode.ACCESS).path(s.first(path));
            return run(os, s, MemorySegment.NULL) >= 0;
        } finally {
            s.done();
        }
    }

    /** Metadata of an open handle. */
    static Metadata fstat(long handle) throws OsErrorException {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(Opcode.STAT).handle(handle);
            MemorySegment statx = s.stat(os.scratchSize(Opcode.STAT));
            return (Metadata) os.payload(s.request, statx, check(os, s, statx));
        } finally {
            s.done();
        }
    }

    /** Opens a path (relative to {@code dir} unless it is {@link Request#NO_HANDLE}) with the {@code OPEN_*} bits and {@link Request#DIRECTORY}/{@link Request#NO_FOLLOW}. */
    static long open(long dir, NativePath path, int openFlags, int flags, int mode) throws OsErrorException {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(Opcode.OPEN).handle(dir).path(s.first(path)).openFlags(openFlags).flags(flags).mode(mode);
            return check(os, s, MemorySegment.NULL);
        } finally {
            s.done();
        }
    }

    static long open(NativePath path, int openFlags, int mode) throws OsErrorException {
        return open(Request.NO_HANDLE, path, openFlags, 0, mode);
    }

    static long openDirectory(long dir, NativePath path, boolean followLinks) throws OsErrorException {
        return open(dir, path, Request.OPEN_READ, Request.DIRECTORY | (followLinks ? 0 : Request.NO_FOLLOW), 0);
    }

    /**
     * The next batch of a directory's entries, read into {@code dirents} ({@link #direntsSize()}
     * bytes); empty at the end. {@code path} names the directory in the trace.
     */
    @SuppressWarnings("unchecked")
    static List<DirEntry> readDir(long handle, NativePath path, MemorySegment dirents) throws OsErrorException {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(Opcode.READ_DIR).handle(handle).path(path);
            return (List<DirEntry>) os.payload(s.request, dirents, check(os, s, dirents));
        } finally {
            s.done();
        }
    }

    /** The memory {@link #readDir} needs. */
    static long direntsSize() {
        return os().scratchSize(Opcode.READ_DIR);
    }

    static void close(long handle) throws OsErrorException {
        simple(Opcode.CLOSE, handle, null, null, 0, 0);
    }

    static void fsync(long handle, boolean dataOnly) throws OsErrorException {
        simple(Opcode.FSYNC, handle, null, null, dataOnly ? Request.DATA_ONLY : 0, 0);
    }

    static void truncate(long handle, long length) throws OsErrorException {
        simple(Opcode.TRUNCATE, handle, null, null, 0, length);
    }

    static void access(NativePath path, AccessMode... modes) throws OsErrorException {
        int flags = 0;
        for (AccessMode m : modes) {
            flags |= switch (m) {
                case READ -> Request.ACCESS_READ;
                case WRITE -> Request.ACCESS_WRITE;
                case EXECUTE -> Request.ACCESS_EXECUTE;
            };
        }
        simple(Opcode.ACCESS, Request.NO_HANDLE, path, null, flags, 0);
    }

    static void mkdir(NativePath path, int mode) throws OsErrorException {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(Opcode.MKDIR).path(s.first(path)).mode(mode);
            check(os, s, MemorySegment.NULL);
        } finally {
            s.done();
        }
    }

    /** Removes a file, or a directory, at a path relative to {@code dir} unless it is {@link Request#NO_HANDLE}. */
    static void unlink(long dir, NativePath path, boolean directory) throws OsErrorException {
        simple(Opcode.UNLINK, dir, path, null, directory ? Request.DIRECTORY : 0, 0);
    }

    static void unlink(NativePath path, boolean directory) throws OsErrorException {
        unlink(Request.NO_HANDLE, path, directory);
    }

    static void rename(NativePath from, NativePath to) throws OsErrorException {
        simple(Opcode.RENAME, Request.NO_HANDLE, from, to, 0, 0);
    }

    static void symlink(NativePath target, NativePath link) throws OsErrorException {
        simple(Opcode.SYMLINK, Request.NO_HANDLE, target, link, 0, 0);
    }

    static void link(NativePath existing, NativePath link) throws OsErrorException {
        simple(Opcode.LINK, Request.NO_HANDLE, existing, link, 0, 0);
    }

    private static void simple(Opcode opcode, long handle, NativePath path, NativePath path2, int flags, long length) throws OsErrorException {
        DirectCalls os = os();
        CallScratch s = CallScratch.take();
        try {
            s.request.reset(opcode).handle(handle).path(s.first(path)).path2(s.second(path2)).flags(flags).length(length);
            check(os, s, MemorySegment.NULL);
        } finally {
            s.done();
        }
    }

    // ---- reads, writes, positions, copies ----

    /** Reads into native memory at {@code offset} (-1: the file position): the count, 0 at the end. */
    static int read(long handle, MemorySegment into, long offset) throws OsErrorException {
        DirectCalls os = os();
        long raw = os.read(handle, into, offset);
        if (Trace.isOn()) {
            Trace.called("READ", handle, null, null, offset, into.byteSize(), raw, os.errors());
        }
        if (raw < 0) {
            throw failure(os, raw);
        }
        return (int) raw;
    }

    /** Writes native memory at {@code offset} (-1: the file position, or the end in append mode): the count written. */
    static int write(long handle, MemorySegment from, long offset) throws OsErrorException {
        DirectCalls os = os();
        long raw = os.write(handle, from, offset);
        if (Trace.isOn()) {
            Trace.called("WRITE", handle, null, null, offset, from.byteSize(), raw, os.errors());
        }
        if (raw < 0) {
            throw failure(os, raw);
        }
        return (int) raw;
    }

    /** The file position after moving it to {@code offset}, or, with -1, as it is. */
    static long seek(long handle, long offset) throws OsErrorException {
        DirectCalls os = os();
        long raw = os.seek(handle, offset);
        if (raw < 0) {
            throw failure(os, raw);
        }
        return raw;
    }

    /** Copies inside the OS ({@link DirectCalls#copy}): the count, 0 at the end, or {@link DirectCalls#UNSUPPORTED}. */
    static long copy(long from, long fromOffset, long to, long toOffset, long count) throws OsErrorException {
        DirectCalls os = os();
        long raw = os.copy(from, fromOffset, to, toOffset, count);
        if (raw == DirectCalls.UNSUPPORTED) {
            return raw;
        }
        if (Trace.isOn()) {
            Trace.called("COPY", from, null, to, fromOffset, count, raw, os.errors());
        }
        if (raw < 0) {
            throw failure(os, raw);
        }
        return raw;
    }
}
