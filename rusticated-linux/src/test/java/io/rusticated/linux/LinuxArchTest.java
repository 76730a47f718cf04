package io.rusticated.linux;

import io.rusticated.spi.DriverUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which CPUs rusticated-linux runs on: x86_64 and aarch64, each with its table; any other is
 * refused with a reason naming it, before any system call is issued (LayoutProbeTest checks the
 * tables themselves).
 */
class LinuxArchTest {
    private static final String UNSUPPORTED = "rusticated-linux has system call numbers and struct layouts for x86_64 and aarch64 only, not for ";

    @Test
    void eachJdkNameOfASupportedCpuHasItsTable() {
        assertThat(LinuxArch.forOsArch("amd64")).isSameAs(LinuxArch.X86_64);
        assertThat(LinuxArch.forOsArch("x86_64")).isSameAs(LinuxArch.X86_64);
        assertThat(LinuxArch.forOsArch("aarch64")).isSameAs(LinuxArch.AARCH64);
        assertThat(LinuxArch.ALL).containsExactly(LinuxArch.X86_64, LinuxArch.AARCH64);
    }

    @Test
    void everyOtherCpuIsRefusedByName() {
        for (String cpu : List.of("riscv64", "ppc64le", "s390x", "loongarch64", "x86", "i386", "arm", "aarch64_be", "AMD64", "")) {
            assertThat(LinuxArch.forOsArch(cpu)).as(cpu).isNull();
            assertThat(LinuxArch.supports("Linux", cpu)).as(cpu).isFalse();
            assertThatThrownBy(() -> LinuxArch.requireSupported(cpu)).as(cpu)
                    .isInstanceOf(DriverUnavailableException.class)
                    .hasMessageStartingWith(UNSUPPORTED)
                    .hasMessageContaining(cpu.isEmpty() ? "os.arch is empty" : cpu);
        }
    }

    @Test
    void supportedOnlyOnLinuxOnASupportedCpu() throws Exception {
        assertThat(LinuxArch.supports("Linux", "amd64")).isTrue();
        assertThat(LinuxArch.supports("Linux", "aarch64")).isTrue();
        assertThat(LinuxArch.supports("Mac OS X", "aarch64")).isFalse();
        assertThat(LinuxArch.supports("Windows 11", "amd64")).isFalse();
        assertThatCode(() -> LinuxArch.requireSupported("aarch64")).doesNotThrowAnyException();
        assertThatCode(() -> LinuxArch.requireSupported("amd64")).doesNotThrowAnyException();
    }

    /** A whole JVM told it runs on riscv64: both backends and the process support say why not. */
    @Test
    @DisabledIfSystemProperty(named = "rusticated.backend", matches = ".+", disabledReason = "the child picks its own backend; once is enough")
    void anotherCpuGetsNoBackendAndTheReasonNamesIt() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dos.arch=riscv64",
                "-cp", System.getProperty("java.class.path"), UnsupportedCpuChild.class.getName())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(values.get("loop")).as(out)
                .startsWith("IllegalStateException: no rusticated backend could open on Linux riscv64")
                .contains("io_uring unavailable: " + UNSUPPORTED + "riscv64")
                .contains("epoll unavailable: " + UNSUPPORTED + "riscv64");
        assertThat(values.get("forced")).as(out)
                .startsWith("IllegalStateException: rusticated.backend=epoll was forced but is unavailable: " + UNSUPPORTED + "riscv64");
        assertThat(values.get("process")).as(out)
                .startsWith("UnsupportedOperationException: rusticated has no support for processes on Linux riscv64");
    }
}
