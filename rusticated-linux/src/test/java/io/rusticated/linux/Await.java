package io.rusticated.linux;

import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Drives a loop until a stage completes, failing the test instead of hanging past a deadline. */
final class Await {
    static final Duration LIMIT = Duration.ofSeconds(20);

    private Await() {
    }

    static <T> T on(EventLoop loop, CompletionStage<T> stage) {
        return loop.blockOn(Time.timeout(stage, LIMIT));
    }
}
