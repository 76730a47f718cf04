package io.rusticated.windows;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.FileKey;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.rusticated.windows.WindowsAbi.*;

/**
 * Decodes what the file calls return into core's OS-neutral structures, as the JDK's
 * {@code WindowsFileAttributes} reads them: the type from the attributes and the reparse tag
 * (a symbolic link only for IO_REPARSE_TAG_SYMLINK; a directory by its attribute; any other
 * reparse point or a device is neither a regular file nor a directory), times from FILETIMEs
 * (100 ns units since 1601), the file key from the volume serial number and the file index.
 */
final class FileInfo {
    private FileInfo() {
    }

    /** 100-ns intervals between 1601-01-01 and 1970-01-01 (the FILETIME and Unix epochs). */
    static final long EPOCH_DIFFERENCE = 116_444_736_000_000_000L;

    /**
     * What a STAT leaves in its scratch memory: a BY_HANDLE_FILE_INFORMATION at 0 and the reparse
     * tag at {@link #STAT_REPARSE_TAG} (0 when the file is no reparse point).
     */
    static final long STAT_REPARSE_TAG = 56;
    static final long STAT_SCRATCH_SIZE = 64;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfChar UTF16 = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * Nanoseconds since the Unix epoch for a FILETIME given as one 64-bit count. A long of
     * nanoseconds reaches from 1677 to 2262; a time outside (FILETIME 0, which some tools leave,
     * is 1601) is clamped to the nearest end rather than failing the call.
     */
    static long nanosOf(long fileTime) {
        long units = fileTime - EPOCH_DIFFERENCE;
        if (units > Long.MAX_VALUE / 100) {
            return Long.MAX_VALUE;
        }
        if (units < Long.MIN_VALUE / 100) {
            return Long.MIN_VALUE;
        }
        return units * 100;
    }

    /** A FILETIME stored as two DWORDs (low, high), unaligned in BY_HANDLE_FILE_INFORMATION. */
    static long fileTimeAt(MemorySegment s, long at) {
        return Integer.toUnsignedLong(s.get(U32, at)) | ((long) s.get(U32, at + 4) << 32);
    }

    static FileType typeOf(int attributes, int reparseTag) {
        if ((attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 && reparseTag == IO_REPARSE_TAG_SYMLINK) {
            return FileType.SYMLINK;
        }
        if ((attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
            return FileType.DIRECTORY;
        }
        if ((attributes & (FILE_ATTRIBUTE_DEVICE | FILE_ATTRIBUTE_REPARSE_POINT)) != 0) {
            return FileType.UNKNOWN;
        }
        return FileType.REGULAR;
    }

    /** The metadata in a STAT's scratch memory (see {@link #STAT_SCRATCH_SIZE}). */
    static Metadata metadata(MemorySegment s) {
        int attributes = s.get(U32, BHFI_ATTRIBUTES);
        int tag = s.get(U32, STAT_REPARSE_TAG);
        long size = (Integer.toUnsignedLong(s.get(U32, BHFI_SIZE_HIGH)) << 32) | Integer.toUnsignedLong(s.get(U32, BHFI_SIZE_LOW));
        long index = (Integer.toUnsignedLong(s.get(U32, BHFI_INDEX_HIGH)) << 32) | Integer.toUnsignedLong(s.get(U32, BHFI_INDEX_LOW));
        long volume = Integer.toUnsignedLong(s.get(U32, BHFI_VOLUME));
        return new Metadata(typeOf(attributes, tag), size,
                nanosOf(fileTimeAt(s, BHFI_ACCESS)), nanosOf(fileTimeAt(s, BHFI_WRITE)), nanosOf(fileTimeAt(s, BHFI_CREATION)),
                index == 0 && volume == 0 ? null : new FileKey(volume, index), null);
    }

    /**
     * Copies a WIN32_FIND_DATAW (the stat of a file opened elsewhere without sharing) into a STAT's
     * scratch memory: attributes, times and size; no volume or index, so no file key.
     */
    static void statFromFindData(MemorySegment find, MemorySegment s) {
        s.fill((byte) 0);
        int attributes = find.get(U32, FIND_ATTRIBUTES);
        s.set(U32, BHFI_ATTRIBUTES, attributes);
        MemorySegment.copy(find, FIND_CREATION, s, BHFI_CREATION, 8);
        MemorySegment.copy(find, FIND_ACCESS, s, BHFI_ACCESS, 8);
        MemorySegment.copy(find, FIND_WRITE, s, BHFI_WRITE, 8);
        s.set(U32, BHFI_SIZE_HIGH, find.get(U32, FIND_SIZE_HIGH));
        s.set(U32, BHFI_SIZE_LOW, find.get(U32, FIND_SIZE_LOW));
        s.set(U32, STAT_REPARSE_TAG, (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 ? find.get(U32, FIND_RESERVED0) : 0);
    }

    /**
     * The entries of a FILE_ID_BOTH_DIR_INFO batch (chained by NextEntryOffset, 0 on the last),
     * without {@code .} and {@code ..}. A reparse point's tag is in EaSize (the documented
     * overlay for reparse points); the inode is the 64-bit FileId.
     */
    static List<DirEntry> dirEntries(MemorySegment batch) {
        List<DirEntry> out = new ArrayList<>();
        long at = 0;
        for (;;) {
            int nameBytes = batch.get(U32, at + DIR_INFO_NAME_LENGTH);
            String name = name(batch, at + DIR_INFO_NAME, nameBytes / 2);
            if (!name.equals(".") && !name.equals("..")) {
                int attributes = batch.get(U32, at + DIR_INFO_ATTRIBUTES);
                int tag = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 ? batch.get(U32, at + DIR_INFO_EA_SIZE) : 0;
                out.add(new DirEntry(name, null, typeOf(attributes, tag), batch.get(U64, at + DIR_INFO_FILE_ID)));
            }
            int next = batch.get(U32, at + DIR_INFO_NEXT);
            if (next == 0) {
                return out;
            }
            at += next;
        }
    }

    /** Whether a batch holds an entry other than {@code .} and {@code ..}. */
    static boolean hasRealEntry(MemorySegment batch) {
        long at = 0;
        for (;;) {
            int chars = batch.get(U32, at + DIR_INFO_NAME_LENGTH) / 2;
            boolean dot = chars == 1 && batch.get(UTF16, at + DIR_INFO_NAME) == '.';
            boolean dotDot = chars == 2 && batch.get(UTF16, at + DIR_INFO_NAME) == '.' && batch.get(UTF16, at + DIR_INFO_NAME + 2) == '.';
            if (!dot && !dotDot) {
                return true;
            }
            int next = batch.get(U32, at + DIR_INFO_NEXT);
            if (next == 0) {
                return false;
            }
            at += next;
        }
    }

    /** UTF-16 units as they are, lone surrogates included (a Windows name may hold them; the JDK keeps them). */
    static String name(MemorySegment s, long at, int chars) {
        char[] c = new char[chars];
        MemorySegment.copy(s, UTF16, at, c, 0, chars);
        return new String(c);
    }
}
