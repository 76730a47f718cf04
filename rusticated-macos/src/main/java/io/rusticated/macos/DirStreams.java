package io.rusticated.macos;

import io.rusticated.io.NativeMemory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.rusticated.macos.MacAbi.*;

/**
 * READ_DIR on macOS: there is no getdents, so each directory handle read so far keeps a
 * {@code DIR *} of its own, made by {@code fdopendir} on a close-on-exec duplicate (the DIR owns the
 * descriptor it is given), and each READ_DIR continues it with {@code readdir_r} where the last one
 * stopped. The stream goes when its handle is closed. One stream is read by one pool thread at a
 * time; the map is shared by the pool threads and the loop.
 */
final class DirStreams {
    /** Bytes of a batch: the records {@link #read} packs. */
    static final long BATCH_BYTES = 32 * 1024;
    /** A packed record: inode (8), type (1), name length (2), the name. */
    static final int RECORD_HEADER = 11;

    private final Map<Integer, Stream> byHandle = new ConcurrentHashMap<>();

    /** One open DIR and the struct dirent readdir_r fills. */
    private static final class Stream {
        final long dir;
        final MemorySegment entry = NativeMemory.allocate(DIRENT.byteSize(), DIRENT.byteAlignment());
        final MemorySegment result = NativeMemory.allocate(ValueLayout.ADDRESS.byteSize(), ValueLayout.ADDRESS.byteAlignment());

        Stream(long dir) {
            this.dir = dir;
        }
    }

    /**
     * Packs the next entries of the directory open at {@code fd} into {@code batch} (records of
     * {@link #RECORD_HEADER} bytes and the name, "." and ".." left out) and returns the bytes
     * written, 0 at the end, or a negated errno. Stops while a record of the longest name still
     * fits, so no entry read is dropped.
     */
    long read(int fd, MemorySegment batch) {
        Stream s = byHandle.get(fd);
        if (s == null) {
            int copy = Darwin.fcntl(fd, F_DUPFD_CLOEXEC, 0);
            if (copy < 0) {
                return copy;
            }
            long dir = Darwin.fdopendir(copy);
            if (dir < 0) {
                Darwin.close(copy);
                return dir;
            }
            s = new Stream(dir);
            Stream raced = byHandle.putIfAbsent(fd, s);
            if (raced != null) {
                Darwin.closedir(dir);
                s = raced;
            }
        }
        synchronized (s) {
            long at = 0;
            while (batch.byteSize() - at >= RECORD_HEADER + MAXPATHLEN) {
                int errno = Darwin.readdirR(s.dir, s.entry.address(), s.result);
                if (errno != 0) {
                    return at > 0 ? at : -errno;
                }
                if (s.result.get(ValueLayout.ADDRESS, 0).equals(MemorySegment.NULL)) {
                    break; // the end
                }
                int nameLength = Short.toUnsignedInt(s.entry.get(ValueLayout.JAVA_SHORT, DIRENT_NAMLEN));
                if (isDotOrDotDot(s.entry, nameLength)) {
                    continue;
                }
                batch.set(ValueLayout.JAVA_LONG_UNALIGNED, at, s.entry.get(ValueLayout.JAVA_LONG, DIRENT_INO));
                batch.set(ValueLayout.JAVA_BYTE, at + 8, s.entry.get(ValueLayout.JAVA_BYTE, DIRENT_TYPE));
                batch.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 9, (short) nameLength);
                MemorySegment.copy(s.entry, DIRENT_NAME, batch, at + RECORD_HEADER, nameLength);
                at += RECORD_HEADER + nameLength;
            }
            return at;
        }
    }

    private static boolean isDotOrDotDot(MemorySegment entry, int length) {
        return (length == 1 || length == 2) && entry.get(ValueLayout.JAVA_BYTE, DIRENT_NAME) == '.'
                && (length == 1 || entry.get(ValueLayout.JAVA_BYTE, DIRENT_NAME + 1) == '.');
    }

    /** The handle is being closed: its stream (and the duplicate the DIR owns) goes first. */
    void closing(int fd) {
        Stream s = byHandle.remove(fd);
        if (s != null) {
            synchronized (s) {
                Darwin.closedir(s.dir);
            }
        }
    }
}
