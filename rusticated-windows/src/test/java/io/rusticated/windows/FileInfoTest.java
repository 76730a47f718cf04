package io.rusticated.windows;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.FileKey;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;

import static io.rusticated.windows.WindowsAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Decoding what the file calls return, on memory laid out as the (probed) structs are. */
class FileInfoTest {
    private static long fileTime(Instant t) {
        return t.getEpochSecond() * 10_000_000L + t.getNano() / 100 + FileInfo.EPOCH_DIFFERENCE;
    }

    @Test
    void fileTimesAreHundredNanosecondsSince1601() {
        assertThat(FileInfo.nanosOf(FileInfo.EPOCH_DIFFERENCE)).isZero();
        Instant t = Instant.parse("2026-12-03T10:42:10.1234567Z");
        assertThat(FileInfo.nanosOf(fileTime(t))).isEqualTo(t.getEpochSecond() * 1_000_000_000L + 123_456_700L);
        assertThat(FileInfo.nanosOf(0)).as("1601 is before what a long of nanoseconds holds: clamped").isEqualTo(Long.MIN_VALUE);
        assertThat(FileInfo.nanosOf(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void typesAreTheJdksReadingOfAttributesAndReparseTags() {
        assertThat(FileInfo.typeOf(FILE_ATTRIBUTE_NORMAL, 0)).isEqualTo(FileType.REGULAR);
        assertThat(FileInfo.typeOf(FILE_ATTRIBUTE_DIRECTORY, 0)).isEqualTo(FileType.DIRECTORY);
        assertThat(FileInfo.typeOf(FILE_ATTRIBUTE_REPARSE_POINT, IO_REPARSE_TAG_SYMLINK)).isEqualTo(FileType.SYMLINK);
        assertThat(FileInfo.typeOf(FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY, IO_REPARSE_TAG_SYMLINK))
                .as("a directory symbolic link").isEqualTo(FileType.SYMLINK);
        assertThat(FileInfo.typeOf(FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY, IO_REPARSE_TAG_MOUNT_POINT))
                .as("a junction is a directory to the JDK").isEqualTo(FileType.DIRECTORY);
        assertThat(FileInfo.typeOf(FILE_ATTRIBUTE_REPARSE_POINT, 0x80000013)).as("another reparse point (dedup)").isEqualTo(FileType.UNKNOWN);
        assertThat(FileInfo.typeOf(FILE_ATTRIBUTE_DEVICE, 0)).isEqualTo(FileType.UNKNOWN);
    }

    @Test
    void metadataComesFromByHandleFileInformation() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(FileInfo.STAT_SCRATCH_SIZE, 8);
            Instant created = Instant.parse("2020-01-01T00:00:00Z");
            Instant written = Instant.parse("2026-06-01T12:00:00.5Z");
            s.set(ValueLayout.JAVA_INT_UNALIGNED, BHFI_ATTRIBUTES, FILE_ATTRIBUTE_NORMAL);
            putFileTime(s, BHFI_CREATION, fileTime(created));
            putFileTime(s, BHFI_ACCESS, fileTime(written));
            putFileTime(s, BHFI_WRITE, fileTime(written));
            s.set(ValueLayout.JAVA_INT_UNALIGNED, BHFI_VOLUME, 0xCAFEBABE);
            s.set(ValueLayout.JAVA_INT_UNALIGNED, BHFI_SIZE_HIGH, 1);
            s.set(ValueLayout.JAVA_INT_UNALIGNED, BHFI_SIZE_LOW, 0x10);
            s.set(ValueLayout.JAVA_INT_UNALIGNED, BHFI_INDEX_HIGH, 2);
            s.set(ValueLayout.JAVA_INT_UNALIGNED, BHFI_INDEX_LOW, 0xFFFFFFFF);
            Metadata m = FileInfo.metadata(s);
            assertThat(m.type()).isEqualTo(FileType.REGULAR);
            assertThat(m.size()).isEqualTo((1L << 32) + 0x10);
            assertThat(m.birthTimeNanos()).isEqualTo(created.getEpochSecond() * 1_000_000_000L);
            assertThat(m.lastModifiedTime().toInstant()).isEqualTo(written);
            assertThat(m.fileKey()).isEqualTo(new FileKey(0xCAFEBABEL, (2L << 32) | 0xFFFFFFFFL));
            assertThat(m.posix()).isNull();
        }
    }

    private static void putFileTime(MemorySegment s, long at, long value) {
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at, (int) value);
        s.set(ValueLayout.JAVA_INT_UNALIGNED, at + 4, (int) (value >>> 32));
    }

    @Test
    void directoryBatchesSkipDotsAndKeepLoneSurrogatesInNames() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment batch = arena.allocate(4096, 8);
            long at = 0;
            at = entry(batch, at, ".", FILE_ATTRIBUTE_DIRECTORY, 0, 1, false);
            at = entry(batch, at, "..", FILE_ATTRIBUTE_DIRECTORY, 0, 2, false);
            at = entry(batch, at, "file.txt", FILE_ATTRIBUTE_NORMAL, 0, 3, false);
            at = entry(batch, at, "odd\uD800name", FILE_ATTRIBUTE_NORMAL, 0, 4, false);
            entry(batch, at, "link", FILE_ATTRIBUTE_REPARSE_POINT, IO_REPARSE_TAG_SYMLINK, 5, true);
            assertThat(FileInfo.hasRealEntry(batch)).isTrue();
            List<DirEntry> entries = FileInfo.dirEntries(batch);
            assertThat(entries).extracting(DirEntry::name).containsExactly("file.txt", "odd\uD800name", "link");
            assertThat(entries).extracting(DirEntry::type).containsExactly(FileType.REGULAR, FileType.REGULAR, FileType.SYMLINK);
            assertThat(entries).extracting(DirEntry::inode).containsExactly(3L, 4L, 5L);

            MemorySegment dots = arena.allocate(1024, 8);
            entry(dots, entry(dots, 0, ".", FILE_ATTRIBUTE_DIRECTORY, 0, 1, false), "..", FILE_ATTRIBUTE_DIRECTORY, 0, 2, true);
            assertThat(FileInfo.hasRealEntry(dots)).isFalse();
            assertThat(FileInfo.dirEntries(dots)).isEmpty();
        }
    }

    /** Writes one FILE_ID_BOTH_DIR_INFO at {@code at}; returns where the next one goes (8-aligned, as the file system chains them). */
    private static long entry(MemorySegment b, long at, String name, int attributes, int tag, long id, boolean last) {
        long size = (DIR_INFO_NAME + 2L * name.length() + 7) & ~7L;
        b.set(ValueLayout.JAVA_INT_UNALIGNED, at + DIR_INFO_NEXT, last ? 0 : (int) size);
        b.set(ValueLayout.JAVA_INT_UNALIGNED, at + DIR_INFO_ATTRIBUTES, attributes);
        b.set(ValueLayout.JAVA_INT_UNALIGNED, at + DIR_INFO_NAME_LENGTH, 2 * name.length());
        b.set(ValueLayout.JAVA_INT_UNALIGNED, at + DIR_INFO_EA_SIZE, tag);
        b.set(ValueLayout.JAVA_LONG_UNALIGNED, at + DIR_INFO_FILE_ID, id);
        MemorySegment.copy(name.toCharArray(), 0, b, ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at + DIR_INFO_NAME, name.length());
        return at + size;
    }
}
