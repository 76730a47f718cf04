package io.rusticated.rt;

/**
 * A driver's blocking system call for an operation that its kernel interface cannot make
 * asynchronous (getdents64 on Linux, say). Runs on the shared blocking pool; must not capture
 * state, so one instance serves every operation.
 */
@FunctionalInterface
public interface BlockingWork {
    /** @return a result >= 0, or a negated OS error code */
    long run(Operation op);
}
