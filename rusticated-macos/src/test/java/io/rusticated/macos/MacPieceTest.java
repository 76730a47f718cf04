package io.rusticated.macos;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;
import io.rusticated.spi.ChildState;
import io.rusticated.spi.ErrorKind;
import io.rusticated.unix.Errno;
import io.rusticated.unix.readiness.Strategy;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.rusticated.macos.MacAbi.*;
import static io.rusticated.unix.FileModes.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The macOS module's decisions and decodings that need no Mac: run here on what macOS would hand them. */
class MacPieceTest {
    @Test
    void aDescriptorIsServedAsItsDescriptionAllows() {
        assertThat(MacDescriptors.strategyFor(O_RDWR | O_NONBLOCK, false)).isEqualTo(Strategy.NOWAIT);
        assertThat(MacDescriptors.strategyFor(O_RDWR | O_NONBLOCK, true)).isEqualTo(Strategy.NOWAIT);
        assertThat(MacDescriptors.strategyFor(O_RDONLY, true)).isEqualTo(Strategy.REOPENED);
        assertThat(MacDescriptors.strategyFor(O_RDONLY, false)).as("a pipe shared with other processes").isEqualTo(Strategy.READINESS_THEN_POOL);
        assertThat(MacDescriptors.strategyFor(-EBADF, false)).isEqualTo(Strategy.READINESS_THEN_POOL);
        assertThat(MacDescriptors.pollableType(S_IFIFO | 0600)).isEqualTo(1);
        assertThat(MacDescriptors.pollableType(S_IFCHR | 0620)).isEqualTo(1);
        assertThat(MacDescriptors.pollableType(S_IFSOCK | 0777)).isEqualTo(1);
        assertThat(MacDescriptors.pollableType(S_IFREG | 0644)).isZero();
        assertThat(MacDescriptors.pollableType(S_IFDIR | 0755)).isZero();
        assertThat(MacDescriptors.pollableType(S_IFBLK | 0600)).isZero();
    }

    @Test
    void waitStatusesReadAsTheMacrosReadThem() {
        assertThat(WaitStatus.decode(0x0300)).isEqualTo(ChildState.exited(3));
        assertThat(WaitStatus.decode(0x0009)).isEqualTo(ChildState.killed(9, false));
        assertThat(WaitStatus.decode(0x0086)).isEqualTo(ChildState.killed(6, true));
        assertThat(WaitStatus.decode(0x117f)).isEqualTo(ChildState.stopped(SIGSTOP));
        assertThat(WaitStatus.decode(0x137f)).isEqualTo(ChildState.continued());
    }

    @Test
    void macErrnoValuesAreMacOnesWithTheirKinds() {
        assertThat(MacErrors.TABLE.lookup(66).kind()).isEqualTo(ErrorKind.DIRECTORY_NOT_EMPTY);
        assertThat(MacErrors.TABLE.lookup(35).name()).isEqualTo("EAGAIN");
        assertThat(MacErrors.TABLE.code(Errno.ENOTSUP)).isEqualTo(45);
        assertThat(MacErrors.TABLE.code(Errno.EOPNOTSUPP)).isEqualTo(102);
        assertThat(MacErrors.TABLE.lookup(16).message()).isEqualTo("Resource busy");
        assertThat(MacErrors.TABLE.lookup(250).message()).isEqualTo("Unknown error: 250");
    }

    @Test
    void openFlagsAreMacOnes() {
        var create = io.rusticated.unix.testing.TestRequest.of(io.rusticated.spi.Opcode.OPEN, -1);
        assertThat(MacFileOps.openFlags(create)).isEqualTo(O_CLOEXEC | O_RDONLY);
        assertThat(accessMode(io.rusticated.spi.Request.ACCESS_READ | io.rusticated.spi.Request.ACCESS_EXECUTE)).isEqualTo(R_OK | X_OK);
    }

    @Test
    void aStatIsDecodedFromItsOffsets() {
        MemorySegment s = Arena.ofAuto().allocate(STAT);
        s.set(ValueLayout.JAVA_INT, STAT_DEV, 0x1000004);
        s.set(ValueLayout.JAVA_SHORT, STAT_MODE, (short) (S_IFREG | 0640));
        s.set(ValueLayout.JAVA_SHORT, STAT_NLINK, (short) 2);
        s.set(ValueLayout.JAVA_LONG, STAT_INO, 123456789L);
        s.set(ValueLayout.JAVA_INT, STAT_UID, 501);
        s.set(ValueLayout.JAVA_INT, STAT_GID, 20);
        s.set(ValueLayout.JAVA_LONG, STAT_SIZE, 4097);
        s.set(ValueLayout.JAVA_LONG, STAT_BLOCKS, 16);
        s.set(ValueLayout.JAVA_INT, STAT_BLKSIZE, 4096);
        s.set(ValueLayout.JAVA_LONG, STAT_MTIME + TIMESPEC_SEC, 1_700_000_000L);
        s.set(ValueLayout.JAVA_LONG, STAT_MTIME + TIMESPEC_NSEC, 5);
        s.set(ValueLayout.JAVA_LONG, STAT_BIRTHTIME + TIMESPEC_SEC, 1_600_000_000L);
        Metadata m = MacFileOps.decodeStat(s);
        assertThat(m.type()).isEqualTo(FileType.REGULAR);
        assertThat(m.size()).isEqualTo(4097);
        assertThat(m.modifiedTimeNanos()).isEqualTo(1_700_000_000_000_000_005L);
        assertThat(m.birthTimeNanos()).as("st_birthtimespec: creationTime as the JDK reports it on macOS").isEqualTo(1_600_000_000_000_000_000L);
        assertThat(m.posixAttributes().orElseThrow().permissions()).isEqualTo(0640);
        assertThat(m.posixAttributes().orElseThrow().links()).isEqualTo(2);
        assertThat(m.fileKey().file()).isEqualTo(123456789L);
        assertThat(m.fileKey().volume()).isEqualTo(0x1000004);
    }

    @Test
    void aBatchOfDirectoryRecordsDecodes() {
        MemorySegment batch = Arena.ofAuto().allocate(256);
        long at = 0;
        for (String name : List.of("a.txt", "sub", "ünï")) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            batch.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 7);
            batch.set(ValueLayout.JAVA_BYTE, at + 8, (byte) (name.equals("sub") ? DT_DIR : DT_REG));
            batch.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 9, (short) bytes.length);
            MemorySegment.copy(bytes, 0, batch, ValueLayout.JAVA_BYTE, at + DirStreams.RECORD_HEADER, bytes.length);
            at += DirStreams.RECORD_HEADER + bytes.length;
        }
        List<DirEntry> entries = MacFileOps.decodeBatch(batch, at);
        assertThat(entries).extracting(DirEntry::name).containsExactly("a.txt", "sub", "ünï");
        assertThat(entries).extracting(DirEntry::type).containsExactly(FileType.REGULAR, FileType.DIRECTORY, FileType.REGULAR);
    }

    @Test
    void onlyAMacOnArm64OrX86_64IsServed() {
        assertThat(MacArch.supports("Mac OS X", "aarch64")).isTrue();
        assertThat(MacArch.supports("Mac OS X", "x86_64")).isTrue();
        assertThat(MacArch.supports("Linux", "aarch64")).isFalse();
        assertThat(MacArch.supports("Mac OS X", "ppc")).isFalse();
        assertThat(MacArch.X86_64.symbol("fstatat")).isEqualTo("fstatat$INODE64");
        assertThat(MacArch.ARM64.symbol("fstatat")).isEqualTo("fstatat");
        assertThat(new KqueueDriverFactory().supportsCurrentOs()).isEqualTo(System.getProperty("os.name").startsWith("Mac"));
        assertThat(new MacProcessSupport().supportsCurrentOs()).isEqualTo(System.getProperty("os.name").startsWith("Mac"));
    }
}
