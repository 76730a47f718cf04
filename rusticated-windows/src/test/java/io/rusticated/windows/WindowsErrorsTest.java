package io.rusticated.windows;

import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.OsError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Win32 error table: each code's kind, and the exception core builds from it, as the JDK's
 * WindowsException.translateToIOException builds it (NoSuchFile for ERROR_FILE_NOT_FOUND and
 * ERROR_PATH_NOT_FOUND only, FileAlreadyExists for ERROR_FILE_EXISTS and ERROR_ALREADY_EXISTS,
 * AccessDenied for ERROR_ACCESS_DENIED, a FileSystemException with the system's text for the rest).
 */
class WindowsErrorsTest {
    private static final WindowsErrors TABLE = new WindowsErrors(code -> null);

    @Test
    void kindsOfTheCodesTheJdkSinglesOutAndTheLoopReactsTo() {
        assertThat(TABLE.lookup(2).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(TABLE.lookup(3).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(TABLE.lookup(80).kind()).isEqualTo(ErrorKind.ALREADY_EXISTS);
        assertThat(TABLE.lookup(183).kind()).isEqualTo(ErrorKind.ALREADY_EXISTS);
        assertThat(TABLE.lookup(5).kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
        assertThat(TABLE.lookup(1314).kind()).isEqualTo(ErrorKind.NOT_PERMITTED);
        assertThat(TABLE.lookup(145).kind()).isEqualTo(ErrorKind.DIRECTORY_NOT_EMPTY);
        assertThat(TABLE.lookup(267).kind()).isEqualTo(ErrorKind.NOT_A_DIRECTORY);
        assertThat(TABLE.lookup(995).kind()).as("ERROR_OPERATION_ABORTED: a cancel").isEqualTo(ErrorKind.CANCELLED);
        assertThat(TABLE.lookup(109).kind()).isEqualTo(ErrorKind.BROKEN_PIPE);
        assertThat(TABLE.lookup(232).kind()).as("ERROR_NO_DATA: writing to a pipe nobody reads").isEqualTo(ErrorKind.BROKEN_PIPE);
        assertThat(TABLE.lookup(32).kind()).isEqualTo(ErrorKind.BUSY);
        assertThat(TABLE.lookup(17).kind()).isEqualTo(ErrorKind.CROSS_DEVICE);
        assertThat(TABLE.lookup(112).kind()).isEqualTo(ErrorKind.NO_SPACE);
        assertThat(TABLE.lookup(206).kind()).isEqualTo(ErrorKind.NAME_TOO_LONG);
        assertThat(TABLE.lookup(6).kind()).isEqualTo(ErrorKind.BAD_HANDLE);
        // The JDK maps nothing else to NoSuchFile: these are plain FileSystemExceptions there too.
        assertThat(TABLE.lookup(15).kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(TABLE.lookup(123).kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(TABLE.lookup(161).kind()).isEqualTo(ErrorKind.OTHER);
    }

    @Test
    void endOfFileAndBrokenPipeEndAReadWithoutFailingIt() {
        assertThat(Buffers.isEndOfInput(38)).isTrue();
        assertThat(Buffers.isEndOfInput(109)).isTrue();
        assertThat(Buffers.isEndOfInput(232)).as("ERROR_NO_DATA is a write's failure").isFalse();
        assertThat(Buffers.isEndOfInput(995)).isFalse();
    }

    @Test
    void exceptionsAreTheJdksForTheSameError() {
        assertThat(TABLE.lookup(2).toException("C:\\a", null)).isInstanceOf(NoSuchFileException.class).hasMessage("C:\\a");
        assertThat(TABLE.lookup(3).toException("C:\\a\\b", null)).isInstanceOf(NoSuchFileException.class);
        assertThat(TABLE.lookup(80).toException("C:\\a", null)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(TABLE.lookup(183).toException("C:\\a", "C:\\b")).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessage("C:\\a -> C:\\b");
        assertThat(TABLE.lookup(5).toException("C:\\a", null)).isInstanceOf(AccessDeniedException.class);
        IOException privilege = TABLE.lookup(1314).toException("C:\\link", null);
        assertThat(privilege).isExactlyInstanceOf(FileSystemException.class)
                .hasMessage("C:\\link: A required privilege is not held by the client");
        IOException sharing = TABLE.lookup(32).toException("C:\\pagefile.sys", null);
        assertThat(sharing).isExactlyInstanceOf(FileSystemException.class)
                .hasMessage("C:\\pagefile.sys: The process cannot access the file because it is being used by another process");
        assertThat(TABLE.lookup(109).toException(null, null)).isExactlyInstanceOf(IOException.class).hasMessage("The pipe has been ended");
    }

    @Test
    void unknownCodesAreNamedByNumberWithTheJdksFallbackText() {
        OsError e = TABLE.lookup(0x1234);
        assertThat(e.name()).isEqualTo("error 4660");
        assertThat(e.message()).isEqualTo("Unknown error: 0x1234");
        assertThat(e.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(new WindowsErrors(code -> "Text from the system").lookup(0x1234).message()).isEqualTo("Text from the system");
    }

    @Test
    void textsAreTrimmedAsTheJdkTrimsFormatMessage() {
        assertThat(WindowsErrors.trimmed("Access is denied.\r\n")).isEqualTo("Access is denied");
        assertThat(WindowsErrors.trimmed("No trailer")).isEqualTo("No trailer");
        for (OsError e : TABLE.known()) {
            assertThat(e.message()).as(e.name()).doesNotEndWith(".").doesNotEndWith("\n").isNotBlank();
            assertThat(e.name()).matches("(ERROR|WAIT)_[A-Z0-9_]+|WSA[A-Z0-9_]+");
        }
    }

    /**
     * On an English Windows the table's Win32 texts are FormatMessageW's, trimmed. Runs only there.
     * The Winsock codes (10000 and up) carry the JDK's own texts for them instead (its Windows
     * net_util_md.c table), which is what the JDK's socket exceptions say.
     */
    @Test
    @EnabledOnOs(OS.WINDOWS)
    void theTextsAreFormatMessagesOnAnEnglishWindows() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Locale.getDefault().getLanguage().equals("en"), "an English system");
        for (OsError e : TABLE.known()) {
            if (e.code() >= 10000) {
                continue;
            }
            assertThat(WindowsErrors.formatMessage(e.code())).as(e.name()).isEqualTo(e.message());
        }
    }
}
