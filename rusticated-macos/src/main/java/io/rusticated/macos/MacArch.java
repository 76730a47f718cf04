package io.rusticated.macos;

import io.rusticated.spi.DriverUnavailableException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What differs between the two CPUs macOS runs on: only symbol names. x86_64 Macs kept the
 * 32-bit-inode {@code stat}, {@code statfs} and {@code dirent} under the plain names and reach the
 * 64-bit-inode layouts ({@link MacAbi#STAT}, {@link MacAbi#DIRENT}) through {@code $INODE64}
 * names; arm64 Macs only ever had the 64-bit layouts, under the plain names. This table names every
 * libSystem function {@link Darwin} links by the symbol it links on that CPU; {@code
 * MacLayoutProbeTest} takes the address of each function with the SDK headers for both CPUs and
 * checks the symbol the compiler emits against it.
 */
public final class MacArch {
    /** Darwin's functions whose 64-bit-inode version x86_64 names with a suffix. */
    private static final List<String> INODE64 = List.of("fstatat", "fstat", "fstatfs", "fdopendir", "readdir_r");
    /** Darwin's other functions: the same name on both CPUs. */
    private static final List<String> PLAIN = List.of("kqueue", "kevent", "closedir", "renameatx_np",
            "posix_spawn_file_actions_addinherit_np", "disconnectx");

    // after the lists: the constructor reads them
    public static final MacArch ARM64 = new MacArch("arm64", "");
    public static final MacArch X86_64 = new MacArch("x86_64", "$INODE64");
    public static final List<MacArch> ALL = List.of(ARM64, X86_64);


    /** As Apple names the CPU: {@code arm64}, {@code x86_64}. */
    public final String name;
    private final Map<String, String> symbols = new LinkedHashMap<>();

    private MacArch(String name, String inode64) {
        this.name = name;
        INODE64.forEach(f -> symbols.put(f, f + inode64));
        PLAIN.forEach(f -> symbols.put(f, f));
    }

    /** The symbol {@code function} is linked as on this CPU. */
    public String symbol(String function) {
        String s = symbols.get(function);
        if (s == null) {
            throw new IllegalArgumentException("no symbol for " + function + " in MacArch's table");
        }
        return s;
    }

    /** Function name to symbol, for every function Darwin links beyond Posix's. */
    public Map<String, String> symbols() {
        return Map.copyOf(symbols);
    }

    /** The table for a CPU as the JDK's {@code os.arch} names it ({@code aarch64}; {@code x86_64} or {@code amd64}), or null. */
    static MacArch forOsArch(String osArch) {
        return switch (osArch) {
            case "aarch64", "arm64" -> ARM64;
            case "x86_64", "amd64" -> X86_64;
            default -> null;
        };
    }

    static boolean isMac(String osName) {
        return osName.startsWith("Mac OS X") || osName.startsWith("macOS");
    }

    /** Whether rusticated-macos runs on this OS and CPU. */
    static boolean supports(String osName, String osArch) {
        return isMac(osName) && forOsArch(osArch) != null;
    }

    static void requireSupported(String osArch) throws DriverUnavailableException {
        if (forOsArch(osArch) == null) {
            throw new DriverUnavailableException(unsupportedReason(osArch));
        }
    }

    private static String unsupportedReason(String osArch) {
        return "rusticated-macos has symbol names for arm64 and x86_64 only, not for " + (osArch.isEmpty() ? "an unnamed CPU" : osArch);
    }

    /** The table for this JVM's CPU. */
    static MacArch current() {
        String osArch = System.getProperty("os.arch", "");
        MacArch arch = forOsArch(osArch);
        if (arch == null) {
            throw new UnsupportedOperationException(unsupportedReason(osArch));
        }
        return arch;
    }

    @Override
    public String toString() {
        return name;
    }
}
