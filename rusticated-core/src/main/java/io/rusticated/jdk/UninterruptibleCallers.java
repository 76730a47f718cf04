package io.rusticated.jdk;

/**
 * The JDK makes {@code Files.readAllBytes} (and {@code readString}, which reads through it)
 * uninterruptible on its own channel class only (JDK-8205612: it calls
 * {@code FileChannelImpl.setUninterruptible()} after an {@code instanceof} check), so that a thread
 * whose interrupt flag is set still reads the file. A rusticated channel cannot be told so; it
 * asks instead, only when the thread is interrupted (the walk costs microseconds), whether that
 * method is the one calling.
 */
final class UninterruptibleCallers {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private UninterruptibleCallers() {
    }

    /** Whether {@code Files.readAllBytes} is among the callers (a few frames up: the stream, {@code Files.read}). */
    static boolean calling() {
        return WALKER.walk(frames -> frames.limit(16)
                .anyMatch(f -> f.getMethodName().equals("readAllBytes") && f.getClassName().equals("java.nio.file.Files")));
    }
}
