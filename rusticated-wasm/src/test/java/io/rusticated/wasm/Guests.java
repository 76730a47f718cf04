package io.rusticated.wasm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.teavm.tooling.TeaVMProblemRenderer;
import org.teavm.tooling.TeaVMTargetType;
import org.teavm.tooling.TeaVMTool;
import org.teavm.tooling.TeaVMToolLog;
import org.teavm.vm.TeaVMOptimizationLevel;

/**
 * Where the build put things (the Node, the host, the demo's .wasm, the stock JDK and the demo
 * jar), and TeaVM's tool to compile a test's guest program, with rusticated's jar as its std.
 */
public final class Guests {
    private Guests() {
    }

    private static Path property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven (failsafe sets it)");
        }
        return Path.of(v).toAbsolutePath().normalize();
    }

    public static Path node() {
        return property("node");
    }

    public static Path wasmDir() {
        return property("wasm.dir");
    }

    public static Path stockJava() {
        return property("stock.java");
    }

    public static Path demoJar() {
        return property("demo.jar");
    }

    public static Path repoRoot() {
        return property("repo.root");
    }

    /** {@code node host.mjs GUEST.wasm args...} */
    public static List<String> onNode(Path wasm, String... args) {
        List<String> cmd = new ArrayList<>(List.of(node().toString(), wasmDir().resolve("host.mjs").toString(), wasm.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static Path demoWasm() {
        return wasmDir().resolve("demo.wasm");
    }

    /** Compiles the test's guest program with TeaVM (WasmGC) and returns its .wasm; a compile error fails with TeaVM's text. */
    public static Path compile(Class<?> mainClass) throws Exception {
        return compile(mainClass.getName(), property("guest.work"));
    }

    /** For rusticated-wasm/bench.sh: {@code Guests MAIN_CLASS OUTPUT_DIR} compiles one guest program. */
    public static void main(String[] args) throws Exception {
        System.out.println(compile(args[0], Path.of(args[1])));
    }

    private static synchronized Path compile(String mainClass, Path dir) throws Exception {
        Files.createDirectories(dir);
        String name = mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".wasm";
        Path out = dir.resolve(name);
        StringBuilder log = new StringBuilder();
        TeaVMTool tool = new TeaVMTool();
        tool.setTargetType(TeaVMTargetType.WEBASSEMBLY_GC);
        tool.setMainClass(mainClass);
        tool.setTargetDirectory(dir.toFile());
        tool.setTargetFileName(name);
        tool.setClassLoader(Guests.class.getClassLoader());
        tool.setObfuscated(true);
        tool.setOptimizationLevel(TeaVMOptimizationLevel.FULL);
        tool.setLog(new CollectingLog(log));
        tool.generate();
        if (!tool.getProblemProvider().getSevereProblems().isEmpty()) {
            TeaVMProblemRenderer.describeProblems(tool.getDependencyInfo().getCallGraph(), tool.getProblemProvider(), new CollectingLog(log));
            throw new AssertionError("TeaVM could not compile " + mainClass + ":\n" + log);
        }
        return out;
    }

    private record CollectingLog(StringBuilder text) implements TeaVMToolLog {
        @Override
        public void info(String s) {
        }

        @Override
        public void debug(String s) {
        }

        @Override
        public void warning(String s) {
            text.append("warning: ").append(s).append('\n');
        }

        @Override
        public void error(String s) {
            text.append("error: ").append(s).append('\n');
        }

        @Override
        public void info(String s, Throwable e) {
        }

        @Override
        public void debug(String s, Throwable e) {
        }

        @Override
        public void warning(String s, Throwable e) {
            warning(s + ": " + e);
        }

        @Override
        public void error(String s, Throwable e) {
            error(s + ": " + e);
        }
    }
}
