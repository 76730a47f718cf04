package io.rusticated.jdk;

/**
 * The hook that puts rusticated under {@code System.in}, {@code out} and {@code err} before
 * {@code main} runs: set as the system class loader with
 * {@code -Djava.system.class.loader=io.rusticated.jdk.RusticatedSystemClassLoader}, the JVM
 * constructs it at the end of its start-up ({@code System.initPhase3}), with the built-in
 * application class loader as parent, before the launcher loads the main class; that holds for
 * {@code -cp}, {@code -jar} and {@code -m} alike, and the JDK prints no warning for it.
 *
 * <p>It loads nothing itself: every class and resource request goes to the parent, so classes
 * keep the application class loader as their defining loader. The constructor only installs the
 * {@link ConsoleStreams}; it must not start rusticated's loop or log, because while it runs
 * {@link ClassLoader#getSystemClassLoader()} throws and the JDK's logging would fail for good. The
 * loop starts with the first write or read. {@code -Drusticated.console=jdk} keeps the JDK's
 * streams.
 */
public final class RusticatedSystemClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    public RusticatedSystemClassLoader(ClassLoader parent) {
        super("rusticated", parent);
        ConsoleStreams.install();
    }
}
