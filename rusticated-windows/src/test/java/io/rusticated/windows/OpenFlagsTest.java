package io.rusticated.windows;

import io.rusticated.spi.Request;
import org.junit.jupiter.api.Test;

import static io.rusticated.windows.WindowsAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

/** CreateFileW's disposition, access and flags for each way core opens a file. */
class OpenFlagsTest {
    private static WindowsFileOps.CreateFile of(int flags) {
        return WindowsFileOps.createFileFor(flags);
    }

    @Test
    void dispositionsFollowTheOptions() {
        assertThat(of(Request.OPEN_READ).disposition()).isEqualTo(OPEN_EXISTING);
        assertThat(of(Request.OPEN_WRITE | Request.OPEN_CREATE).disposition()).isEqualTo(OPEN_ALWAYS);
        assertThat(of(Request.OPEN_WRITE | Request.OPEN_CREATE | Request.OPEN_TRUNCATE).disposition()).isEqualTo(CREATE_ALWAYS);
        assertThat(of(Request.OPEN_WRITE | Request.OPEN_TRUNCATE).disposition()).isEqualTo(TRUNCATE_EXISTING);
        assertThat(of(Request.OPEN_WRITE | Request.OPEN_CREATE_NEW).disposition()).isEqualTo(CREATE_NEW);
    }

    @Test
    void everyFileIsOverlappedAndANewOneDoesNotFollowALinkInItsWay() {
        assertThat(of(Request.OPEN_READ).flags()).isEqualTo(FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED);
        assertThat(of(Request.OPEN_WRITE | Request.OPEN_CREATE_NEW).flags() & FILE_FLAG_OPEN_REPARSE_POINT).isNotZero();
        assertThat(of(Request.OPEN_READ | Request.OPEN_DIRECT).flags() & FILE_FLAG_NO_BUFFERING).isNotZero();
    }

    @Test
    void appendingWithoutWriteDataCannotOverwrite() {
        int append = of(Request.OPEN_APPEND).access();
        assertThat(append & FILE_APPEND_DATA).isNotZero();
        assertThat(append & FILE_WRITE_DATA).as("no FILE_WRITE_DATA: writes cannot overwrite").isZero();
        assertThat(append & GENERIC_READ).isZero();
        assertThat(of(Request.OPEN_APPEND | Request.OPEN_READ).access() & GENERIC_READ).isNotZero();
        assertThat(of(Request.OPEN_READ | Request.OPEN_WRITE).access()).isEqualTo(GENERIC_READ | GENERIC_WRITE);
    }

    @Test
    void aRelativeLinkTargetIsResolvedFromTheLinksDirectory() {
        assertThat(WindowsFileOps.resolvedTarget("C:\\a\\link", "..\\b")).isEqualTo("C:\\a\\..\\b");
        assertThat(WindowsFileOps.resolvedTarget("C:/a/link", "b")).isEqualTo("C:\\a\\b");
        assertThat(WindowsFileOps.resolvedTarget("C:\\a\\link", "D:\\t")).isEqualTo("D:\\t");
        assertThat(WindowsFileOps.resolvedTarget("link", "t")).isEqualTo("t");
    }
}
