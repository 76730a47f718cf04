package io.rusticated.conformance;

import io.rusticated.rt.EventLoop;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Drives a loop until a stage settles and hands back its failure, unwrapped. */
public final class Failures {
    private Failures() {
    }

    /** The stage's failure; fails the test if it succeeded. */
    public static Throwable of(EventLoop loop, CompletionStage<?> stage) {
        Object[] value = new Object[1];
        Throwable t = loop.blockOn(stage.handle((v, e) -> {
            value[0] = v;
            return e;
        }));
        if (t == null) {
            throw new AssertionError("expected a failure, got " + value[0]);
        }
        return unwrap(t);
    }

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
