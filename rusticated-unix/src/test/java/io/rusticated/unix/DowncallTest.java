package io.rusticated.unix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-line downcall against the C library of the machine the test runs on (glibc here, libSystem on a Mac). */
class DowncallTest {
    /** EBADF is 9 on Linux and macOS alike. */
    static final int EBADF = 9;
    static final boolean MAC = System.getProperty("os.name", "").startsWith("Mac");

    @TempDir
    Path dir;

    @Test
    void aFailedCallReturnsTheErrnoOfThatVeryCall() {
        assertThat(Posix.close(-1)).isEqualTo(-EBADF);
        assertThat(Posix.fcntl(-1, 1, 0)).isEqualTo(-EBADF);
    }

    @Test
    void aPlainCallReturnsWhatTheFunctionReturns() {
        assertThat(Posix.isatty(-1)).isZero(); // 0, with errno set, which a plain call does not read
        Downcall getpid = Downcall.plain("getpid", JAVA_INT);
        assertThat(getpid.call()).isEqualTo(ProcessHandle.current().pid());
    }

    /**
     * openat's mode is its variadic argument: linked as variadic, a file created with 0600 has
     * exactly that mode. On Apple arm64, where variadic arguments go on the stack, a fixed
     * binding would pass garbage (this is the check that would fail there first).
     */
    @Test
    void aVariadicArgumentArrives() throws Exception {
        int creat = MAC ? 0x200 : 0100;
        int excl = MAC ? 0x800 : 0200;
        int wronly = 1;
        Path file = dir.resolve("mode-0600");
        try (Arena arena = Arena.ofConfined()) {
            int fd = Posix.openat(-100, arena.allocateFrom(file.toString()).address(), wronly | creat | excl, 0600); // absolute path: dirfd unused
            assertThat(fd).isGreaterThanOrEqualTo(0);
            Posix.close(fd);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void argumentsNarrowToTheirCTypesAsACastWould() {
        // close((int) 0xFFFF_FFFF_FFFF_FFFFL) is close(-1)
        Downcall close = Downcall.errno("close", JAVA_INT, JAVA_INT);
        assertThat(close.call(0xFFFF_FFFF_FFFF_FFFFL)).isEqualTo(-EBADF);
        assertThat(close.call(0x1_FFFF_FFFFL)).isEqualTo(-EBADF);
    }

    @Test
    void aFunctionWithoutResultReturnsZero() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(128, 8);
            Posix.cfmakeraw(termios); // edits memory only
            assertThat(termios.get(ValueLayout.JAVA_BYTE, 0)).isNotNull();
        }
        assertThat(Downcall.plainVoid("sync").call()).isZero();
    }

    @Test
    void aMissingSymbolIsNamed() {
        assertThat(Downcall.exists("no_such_function_in_libc")).isFalse();
        assertThatThrownBy(() -> Downcall.errno("no_such_function_in_libc", JAVA_INT))
                .isInstanceOf(UnsatisfiedLinkError.class).hasMessageContaining("no_such_function_in_libc");
    }

    @Test
    void aCallWithTheWrongNumberOfArgumentsNamesTheFunction() {
        Downcall close = Downcall.errno("close", JAVA_INT, JAVA_INT);
        assertThatThrownBy(() -> close.call(1, 2)).isInstanceOf(AssertionError.class).hasMessageContaining("close");
        assertThat(Downcall.errno("read", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG).toString()).contains("read", "errno");
    }
}
