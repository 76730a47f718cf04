package io.rusticated.rt;

/** The everyday {@link FutureOperation}s, by what their future yields. */
public final class Ops {
    private Ops() {
    }

    /** Yields the result as a byte count (reads, writes). */
    public static FutureOperation<Integer> count() {
        return new FutureOperation<>() {
            @Override
            protected Integer result(long value) {
                return (int) value;
            }
        };
    }

    /** Yields nothing: success or failure only. */
    public static FutureOperation<Void> done() {
        return new FutureOperation<>() {
            @Override
            protected Void result(long value) {
                return null;
            }
        };
    }

    /** Yields the structure the driver decoded ({@link Operation#payload()}). */
    public static <T> FutureOperation<T> payload(Class<T> type) {
        return new FutureOperation<>() {
            @Override
            protected T result(long value) {
                return type.cast(payload());
            }
        };
    }
}
