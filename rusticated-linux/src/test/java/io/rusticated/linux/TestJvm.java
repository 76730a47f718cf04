package io.rusticated.linux;

import io.rusticated.process.Command;

import java.nio.file.Path;

/** Commands that run a class of this test class path in a new JVM. */
final class TestJvm {
    private TestJvm() {
    }

    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code setsid -c java ... mainClass}: a new session whose controlling terminal is the child's stdin. */
    static Command inNewSession(Class<?> mainClass, String... args) {
        return Command.of("setsid", "-c", javaBinary(), "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), mainClass.getName()).args(args);
    }
}
