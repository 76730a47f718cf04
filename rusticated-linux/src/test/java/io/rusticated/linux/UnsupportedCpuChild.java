package io.rusticated.linux;

import io.rusticated.process.Processes;
import io.rusticated.rt.EventLoop;

/**
 * Started by {@link LinuxArchTest} with {@code -Dos.arch} naming a CPU rusticated-linux has no
 * table for: prints, one {@code key=value} line each, how opening a loop (chosen, then forced
 * onto epoll) and asking for process support end. Nothing here may reach a system call.
 */
public final class UnsupportedCpuChild {
    private UnsupportedCpuChild() {
    }

    public static void main(String[] args) {
        report("loop", () -> EventLoop.open().close());
        System.setProperty("rusticated.backend", "epoll");
        report("forced", () -> EventLoop.open().close());
        report("process", Processes::currentProcessGroup);
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static void report(String key, Attempt attempt) {
        try {
            attempt.run();
            System.out.println(key + "=opened");
        } catch (Exception e) {
            System.out.println(key + "=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
