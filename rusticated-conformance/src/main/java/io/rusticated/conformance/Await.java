package io.rusticated.conformance;

import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Drives a loop until a stage completes, failing the test instead of hanging past a deadline. */
public final class Await {
    public static final Duration LIMIT = Duration.ofSeconds(20);

    private Await() {
    }

    public static <T> T on(EventLoop loop, CompletionStage<T> stage) {
        return loop.blockOn(Time.timeout(stage, LIMIT));
    }
}
