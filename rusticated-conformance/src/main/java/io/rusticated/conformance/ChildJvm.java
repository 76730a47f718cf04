package io.rusticated.conformance;

import io.rusticated.process.Command;

/** Children that are this JVM's own java running a class of the test class path: a program every OS has. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java -cp <this class path> main args...}, quick to start. */
    public static Command command(Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("this JVM's command is unknown"));
        return Command.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()).args(args);
    }

    /** Exits with the code given as its argument. */
    public static final class ExitWith {
        private ExitWith() {
        }

        public static void main(String[] args) {
            System.exit(Integer.parseInt(args[0]));
        }
    }
}
