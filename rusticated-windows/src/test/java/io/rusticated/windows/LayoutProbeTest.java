package io.rusticated.windows;

import io.rusticated.spi.OsError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks the hand-written Windows bindings against the real Windows headers (mingw-w64's, from
 * Debian's gcc-mingw-w64-x86-64), on a machine that cannot run Windows code: every public numeric
 * constant of {@link WindowsAbi} (its C expression is its own name), the size, alignment and every
 * named member's offset and size of each public struct layout, and the value of every error code
 * {@link WindowsErrors} names. The probe is a C file of one {@code long long} global per value; it is
 * compiled with {@code x86_64-w64-mingw32-gcc -S} (never run) and each value read back from the
 * assembly. Any mismatch fails with the names of the values that differ.
 *
 * <p>Also: the {@code bindings/windows/kernel32.jextract} lists (functions, typedefs, constants)
 * must be exactly what the Java side binds. The last probe is left in
 * {@code target/layout-probe/probe-windows-x64.c}.
 */
class LayoutProbeTest {
    private static final String COMPILER = "x86_64-w64-mingw32-gcc";
    private static final Pattern ASM_LABEL = Pattern.compile("^v_(\\d+):\\s*$");
    private static final Pattern ASM_VALUE = Pattern.compile("^\\s*\\.(quad|space)\\s+(-?\\d+)\\s*$");

    record Check(String name, long java, int bits, String cExpr) {
    }

    @TempDir
    Path work;

    @Test
    void everyConstantLayoutAndErrorCodeMatchesTheWindowsHeaders() throws Exception {
        Path compiler = onPath(COMPILER);
        assumeTrue(compiler != null, COMPILER + " is not installed (Debian: gcc-mingw-w64-x86-64; .ci/run installs it)");
        List<Check> checks = checks();
        Map<String, byte[]> guids = guids();
        Map<String, byte[]> cGuids = new LinkedHashMap<>();
        Map<Integer, String> values = compile("probe-windows-x64.c", checks, guids.keySet(), cGuids);
        List<String> mismatches = new ArrayList<>();
        guids.forEach((name, expected) -> {
            byte[] c = cGuids.get(name);
            if (!java.util.Arrays.equals(expected, c)) {
                mismatches.add(String.format("  %-60s Java %s, C %s", "WindowsAbi." + name, HexFormat.of().formatHex(expected),
                        c == null ? "no value in the assembly" : HexFormat.of().formatHex(c)));
            }
        });
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            String v = values.get(i);
            if (v == null) {
                mismatches.add(String.format("  %-60s no value in the assembly (%s)", c.name(), c.cExpr()));
                continue;
            }
            long cValue = Long.parseLong(v);
            long mask = c.bits() == 64 ? -1L : (1L << c.bits()) - 1;
            if ((cValue & mask) != (c.java() & mask)) {
                mismatches.add(String.format("  %-60s Java %s, C %s  (%s)", c.name(), show(c.java()), show(cValue), c.cExpr()));
            }
        }
        assertThat(mismatches)
                .as(mismatches.size() + " of " + checks.size() + " Windows ABI values disagree with mingw-w64's headers:\n"
                        + String.join("\n", mismatches) + "\n")
                .isEmpty();
        assertThat(checks.size()).as("values probed").isGreaterThan(300);
    }

    /** Everything to compare: constants, struct layouts, error codes. */
    static List<Check> checks() throws IllegalAccessException {
        List<Check> checks = new ArrayList<>();
        for (Field f : WindowsAbi.class.getDeclaredFields()) {
            if (!isPublicConstant(f)) {
                continue;
            }
            if (f.getType() == int.class) {
                checks.add(new Check("WindowsAbi." + f.getName(), f.getInt(null), 32, f.getName()));
            } else if (f.getType() == long.class) {
                checks.add(new Check("WindowsAbi." + f.getName(), f.getLong(null), 64, f.getName()));
            } else if (f.getType() == WindowsAbi.Guid.class) {
                continue; // compared byte by byte: see guids()
            } else if (MemoryLayout.class.isAssignableFrom(f.getType())) {
                GroupLayout layout = (GroupLayout) f.get(null);
                assertThat(layout.name()).as("the C typedef of " + f.getName()).contains(f.getName());
                layoutChecks(f.getName(), layout, checks);
            } else {
                throw new AssertionError("WindowsAbi." + f.getName() + ": a public constant of a type the probe does not check: " + f.getType());
            }
        }
        for (OsError e : WindowsErrors.TABLE.known()) {
            checks.add(new Check("WindowsErrors " + e.name(), e.code(), 32, e.name()));
        }
        return checks;
    }

    /**
     * The GUIDs (the extension functions' identifiers), as the bytes of a {@code GUID} holding each:
     * their macros are braced initializers, not constant expressions, so the probe defines one
     * {@code const GUID} per name and reads its bytes back from the assembly.
     */
    static Map<String, byte[]> guids() throws IllegalAccessException {
        Map<String, byte[]> guids = new LinkedHashMap<>();
        for (Field f : WindowsAbi.class.getDeclaredFields()) {
            if (isPublicConstant(f) && f.getType() == WindowsAbi.Guid.class) {
                java.lang.foreign.MemorySegment bytes = java.lang.foreign.MemorySegment.ofArray(new long[(int) WindowsAbi.GUID.byteSize() / 8]);
                ((WindowsAbi.Guid) f.get(null)).writeTo(bytes);
                guids.put(f.getName(), bytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        }
        return guids;
    }

    private static void layoutChecks(String type, GroupLayout layout, List<Check> checks) {
        checks.add(new Check(type + " size", layout.byteSize(), 64, "sizeof(" + type + ")"));
        checks.add(new Check(type + " alignment", layout.byteAlignment(), 64, "_Alignof(" + type + ")"));
        long offset = 0;
        for (MemoryLayout member : layout.memberLayouts()) {
            if (!(member instanceof PaddingLayout)) {
                String m = member.name().orElseThrow(() -> new AssertionError(type + " has an unnamed member"));
                checks.add(new Check(type + "." + m + " offset", offset, 64, "offsetof(" + type + ", " + m + ")"));
                checks.add(new Check(type + "." + m + " size", member.byteSize(), 64, "sizeof(((" + type + " *) 0)->" + m + ")"));
            }
            offset += member.byteSize();
        }
    }

    /** The value gcc computed for each check, by index. */
    private Map<Integer, String> compile(String copyName, List<Check> checks, Set<String> guidNames, Map<String, byte[]> guids)
            throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder();
        c.append("/* Generated by LayoutProbeTest (rusticated-windows); do not edit. */\n");
        c.append("#include \"rusticated_windows.h\"\n#include <stddef.h>\n\n");
        for (int i = 0; i < checks.size(); i++) {
            c.append("long long v_").append(i).append(" = (long long) (").append(checks.get(i).cExpr()).append("); /* ")
                    .append(checks.get(i).name()).append(" */\n");
        }
        for (String g : guidNames) {
            c.append("const GUID g_").append(g).append(" = ").append(g).append(";\n");
        }
        Path source = work.resolve("probe.c");
        Files.writeString(source, c);
        keepCopy(copyName, c.toString());
        Process p = new ProcessBuilder(onPath(COMPILER).toString(), "-S", "-O0", "-I", bindingsDir().toString(), "-o", "probe.s", "probe.c")
                .directory(work.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(COMPILER + " finished").isTrue();
        assertThat(p.exitValue()).as(COMPILER + " compiled the probe (a name the headers lack fails here):\n" + output).isZero();
        Map<Integer, String> values = new LinkedHashMap<>();
        Integer label = null;
        for (String line : Files.readAllLines(work.resolve("probe.s"))) {
            Matcher l = ASM_LABEL.matcher(line);
            if (l.matches()) {
                label = Integer.valueOf(l.group(1));
                continue;
            }
            Matcher v = ASM_VALUE.matcher(line);
            if (label != null && v.matches()) {
                values.put(label, v.group(1).equals("space") ? "0" : v.group(2)); // .space 8: a zero in .bss
                label = null;
            }
        }
        List<String> lines = Files.readAllLines(work.resolve("probe.s"));
        for (String g : guidNames) {
            int at = lines.indexOf("g_" + g + ":");
            if (at >= 0) {
                guids.put(g, dataAfter(lines, at + 1));
            }
        }
        return values;
    }

    private static final Pattern ASM_DATA = Pattern.compile("^\\s*\\.(long|word|byte|quad|ascii)\\s+(.*)$");

    /** The bytes the data directives from {@code from} on lay down (x86 is little-endian), up to the first other line. */
    private static byte[] dataAfter(List<String> lines, int from) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = from; i < lines.size(); i++) {
            Matcher m = ASM_DATA.matcher(lines.get(i));
            if (!m.matches()) {
                break;
            }
            int width = switch (m.group(1)) {
                case "byte" -> 1;
                case "word" -> 2;
                case "long" -> 4;
                case "quad" -> 8;
                default -> 0;
            };
            if (width == 0) {
                out.writeBytes(unescape(m.group(2).trim()));
                continue;
            }
            long v = Long.parseLong(m.group(2).trim());
            for (int b = 0; b < width; b++) {
                out.write((int) (v >>> (8 * b)));
            }
        }
        return out.toByteArray();
    }

    /** The bytes of a gas {@code .ascii} string: printable characters, {@code \\ooo} octal and the one-letter escapes. */
    private static byte[] unescape(String quoted) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String s = quoted.substring(1, quoted.length() - 1);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\') {
                out.write(ch);
                continue;
            }
            char next = s.charAt(++i);
            if (next >= '0' && next <= '7') {
                int end = i;
                while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                    end++;
                }
                out.write(Integer.parseInt(s.substring(i, end), 8));
                i = end - 1;
            } else {
                out.write(switch (next) {
                    case 'b' -> 8;
                    case 't' -> 9;
                    case 'n' -> 10;
                    case 'f' -> 12;
                    case 'r' -> 13;
                    default -> next; // \\ and \"
                });
            }
        }
        return out.toByteArray();
    }

    /**
     * Every function the bindings call takes as many arguments as its prototype in the headers,
     * each of the size the prototype gives it, and returns a value of the prototype's size (or
     * nothing): the prototypes are what gcc's {@code -aux-info} prints for the headers (AcceptEx
     * and ConnectEx, called through pointers, through a function declared with their {@code LPFN_}
     * typedef), and each size is computed by a second probe. A wrapper method's Java types are
     * its downcall's carriers (a pointer or handle as {@code long}).
     */
    @Test
    void everyBoundFunctionTakesAndReturnsWhatItsPrototypeSays() throws Exception {
        assumeTrue(onPath(COMPILER) != null, COMPILER + " is not installed (Debian: gcc-mingw-w64-x86-64; .ci/run installs it)");
        StringBuilder c = new StringBuilder("#include \"rusticated_windows.h\"\n");
        for (String f : Ws2_32.CALLED_THROUGH_POINTERS) {
            c.append("__typeof__(*(LPFN_").append(f.toUpperCase(java.util.Locale.ROOT)).append(") 0) probe_").append(f).append(";\n");
        }
        Files.writeString(work.resolve("prototypes.c"), c);
        Process p = new ProcessBuilder(onPath(COMPILER).toString(), "-S", "-O0", "-I", bindingsDir().toString(), "-aux-info", "prototypes.txt",
                "-o", "prototypes.s", "prototypes.c").directory(work.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(COMPILER + " -aux-info:\n" + output).isZero();
        Map<String, String[]> prototypes = new LinkedHashMap<>(); // name -> {result, parameters}
        for (String line : Files.readAllLines(work.resolve("prototypes.txt"))) {
            Matcher m = PROTOTYPE.matcher(line);
            if (m.matches()) {
                prototypes.put(m.group(2), new String[] {m.group(1).trim(), m.group(3)});
            }
        }
        List<String> mismatches = new ArrayList<>();
        List<Check> sizes = new ArrayList<>();
        int functions = 0;
        for (Class<?> dll : List.of(Kernel32.class, Ntdll.class, Ws2_32.class)) {
            for (Method m : dll.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                functions++;
                boolean throughPointer = dll == Ws2_32.class && Ws2_32.CALLED_THROUGH_POINTERS.contains(m.getName());
                String[] prototype = prototypes.get(throughPointer ? "probe_" + m.getName() : m.getName());
                if (prototype == null) {
                    mismatches.add("  " + m.getName() + ": no prototype in the headers");
                    continue;
                }
                List<Class<?>> javaParameters = new ArrayList<>(List.of(m.getParameterTypes()));
                if (throughPointer) {
                    javaParameters.remove(0); // the function's address
                }
                List<String> cParameters = parameters(prototype[1]);
                if (cParameters.size() != javaParameters.size()) {
                    mismatches.add("  " + m.getName() + ": " + javaParameters.size() + " parameters in Java, " + cParameters.size() + " in C ("
                            + prototype[1] + ")");
                    continue;
                }
                for (int i = 0; i < cParameters.size(); i++) {
                    sizes.add(new Check(m.getName() + " parameter " + (i + 1), sizeOf(javaParameters.get(i)), 64, "sizeof(" + cParameters.get(i) + ")"));
                }
                if (prototype[0].equals("void") != (m.getReturnType() == void.class)) {
                    mismatches.add("  " + m.getName() + ": returns " + m.getReturnType() + " in Java, " + prototype[0] + " in C");
                } else if (m.getReturnType() != void.class) {
                    sizes.add(new Check(m.getName() + " result", sizeOf(m.getReturnType()), 64, "sizeof(" + prototype[0] + ")"));
                }
            }
        }
        Map<Integer, String> values = compile("prototypes-windows-x64.c", sizes, Set.of(), new LinkedHashMap<>());
        for (int i = 0; i < sizes.size(); i++) {
            Check check = sizes.get(i);
            if (!String.valueOf(check.java()).equals(values.get(i))) {
                mismatches.add(String.format("  %-40s Java %d bytes, C %s  (%s)", check.name(), check.java(), values.get(i), check.cExpr()));
            }
        }
        assertThat(mismatches).as(mismatches.size() + " disagreements of " + functions + " bound functions with their prototypes:\n"
                + String.join("\n", mismatches) + "\n").isEmpty();
        assertThat(functions).as("functions checked").isGreaterThan(60);
    }

    /** A line of {@code -aux-info}: {@code /* file:line:NC *}{@code / extern RESULT NAME (PARAMETERS);}. */
    private static final Pattern PROTOTYPE = Pattern.compile("^/\\*.*\\*/\\s*(?:extern\\s+)?(.*?)\\s*\\b(\\w+) \\((.*)\\);\\s*$");

    /** The parameters of a prototype, split at the commas outside parentheses; none for {@code void}. */
    private static List<String> parameters(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char ch = list.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = list.substring(start).trim();
        if (!last.isEmpty() && !(out.isEmpty() && last.equals("void"))) {
            out.add(last);
        }
        return out;
    }

    private static long sizeOf(Class<?> carrier) {
        if (carrier == long.class) {
            return 8;
        } else if (carrier == int.class) {
            return 4;
        } else if (carrier == short.class || carrier == char.class) {
            return 2;
        } else if (carrier == byte.class) {
            return 1;
        }
        throw new AssertionError("a binding's carrier the probe does not know: " + carrier);
    }

    @Test
    void theJextractListsAreWhatTheJavaSideBinds() throws IOException {
        Set<String> functions = new TreeSet<>();
        Set<String> typedefs = new TreeSet<>();
        for (Class<?> dll : List.of(Kernel32.class, Ntdll.class, Ws2_32.class)) {
            for (Method m : dll.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                    if (Ws2_32.CALLED_THROUGH_POINTERS.contains(m.getName())) {
                        typedefs.add("LPFN_" + m.getName().toUpperCase(java.util.Locale.ROOT)); // jextract's function-pointer typedef
                    } else {
                        functions.add(m.getName());
                    }
                }
            }
        }
        Set<String> constants = new TreeSet<>();
        for (Field f : WindowsAbi.class.getDeclaredFields()) {
            if (isPublicConstant(f) && f.getType() != WindowsAbi.Guid.class) { // braced initializers: no jextract constant
                (MemoryLayout.class.isAssignableFrom(f.getType()) ? typedefs : constants).add(f.getName());
            }
        }
        Map<String, Set<String>> listed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(bindingsDir().resolve("kernel32.jextract"))) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 2 && t[0].startsWith("--include-")) {
                listed.computeIfAbsent(t[0], k -> new TreeSet<>()).add(t[1]);
            }
        }
        assertThat(listed.get("--include-function")).as("--include-function in kernel32.jextract").isEqualTo(functions);
        assertThat(listed.get("--include-typedef")).as("--include-typedef in kernel32.jextract").isEqualTo(typedefs);
        assertThat(listed.get("--include-constant")).as("--include-constant in kernel32.jextract").isEqualTo(constants);
    }

    private static boolean isPublicConstant(Field f) {
        int m = f.getModifiers();
        return Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m);
    }

    private static String show(long v) {
        return v >= 0 && v < 10 ? Long.toString(v) : v + " (0x" + Long.toHexString(v) + ")";
    }

    private static void keepCopy(String name, String source) {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            try {
                Files.writeString(Files.createDirectories(target.resolve("layout-probe")).resolve(name), source);
            } catch (IOException ignored) {
                // only a convenience
            }
        }
    }

    /** The tool on PATH ({@code .exe} appended on Windows, whose runners carry mingw-w64 too), or null. */
    static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        String file = File.separatorChar == '\\' ? tool + ".exe" : tool;
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, file);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** bindings/windows at the repository root, found from the module directory surefire runs in. */
    static Path bindingsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path bindings = dir.resolve("bindings").resolve("windows");
            if (Files.isRegularFile(bindings.resolve("rusticated_windows.h"))) {
                return bindings;
            }
        }
        throw new AssertionError("bindings/windows/rusticated_windows.h not found above " + Path.of("").toAbsolutePath());
    }
}
