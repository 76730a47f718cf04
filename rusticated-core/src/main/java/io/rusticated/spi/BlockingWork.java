package io.rusticated.spi;

/**
 * A driver's blocking system call for a request its OS interface cannot make asynchronous
 * (getdents64 on Linux, every file operation on macOS). Runs on the shared blocking pool; holds
 * no per-request state, so one instance serves every request.
 */
@FunctionalInterface
public interface BlockingWork {
    /** The result the pool records when {@link #run} threw instead of returning. */
    long THREW = Long.MIN_VALUE;

    /** @return a result >= 0, or a negated OS error code */
    long run(Request op);
}
