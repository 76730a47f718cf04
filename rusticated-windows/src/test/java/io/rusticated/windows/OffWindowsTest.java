package io.rusticated.windows;

import io.rusticated.spi.DriverFactory;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.SocketSupport;
import io.rusticated.spi.TerminalSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On another OS the module loads, its services say "not this OS", and no Windows symbol is touched. */
@DisabledOnOs(OS.WINDOWS)
class OffWindowsTest {
    @Test
    void theServicesDeclineWithoutLinkingAnything() {
        IocpDriverFactory iocp = null;
        for (DriverFactory f : ServiceLoader.load(DriverFactory.class)) {
            if (f instanceof IocpDriverFactory i) {
                iocp = i;
            }
        }
        assertThat(iocp).as("the iocp factory is a service").isNotNull();
        assertThat(iocp.name()).isEqualTo("iocp");
        assertThat(iocp.supportsCurrentOs()).isFalse();
        IocpDriverFactory factory = iocp;
        assertThatThrownBy(() -> factory.open(null, "")).isInstanceOf(DriverUnavailableException.class)
                .hasMessageContaining("Windows on x64 only");
        for (ProcessSupport p : ServiceLoader.load(ProcessSupport.class)) {
            if (!(p instanceof StandInHandles)) {
                assertThat(p.supportsCurrentOs()).as(p.getClass().getName()).isFalse();
            }
        }
        for (SocketSupport s : ServiceLoader.load(SocketSupport.class)) {
            if (!(s instanceof StandInSockets)) {
                assertThat(s.supportsCurrentOs()).as(s.getClass().getName()).isFalse();
            }
        }
        for (TerminalSupport t : ServiceLoader.load(TerminalSupport.class)) {
            assertThat(t.supportsCurrentOs()).as(t.getClass().getName()).isFalse();
        }
        assertThat(WindowsErrors.of(2).name()).isEqualTo("ERROR_FILE_NOT_FOUND");
        assertThat(WindowsErrors.of(0x4242).message()).as("no FormatMessageW here").isEqualTo("Unknown error: 0x4242");
        assertThat(Win32Linker.librariesLoaded()).as("DLLs looked up").isZero();
    }
}
