package io.rusticated.rt;

/**
 * Something another thread hands to a loop: an operation to submit, an operation whose blocking
 * work finished, or a plain task. Tasks link themselves into the loop's {@link TaskStack}, so
 * handing one over allocates nothing.
 */
abstract class LoopTask {
    /** Written by the producer before the publishing CAS, read by the loop after its take-all. */
    LoopTask nextTask;

    abstract void runOnLoop(EventLoop loop);
}
