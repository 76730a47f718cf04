package io.rusticated.rt;

/** Bare operations for the loop's pure-logic structures, which never hand them to an OS. */
final class TestOps {
    private TestOps() {
    }

    /** An operation that records nothing; its identity is all these tests need. */
    static Operation idle() {
        return new Operation() {
            @Override
            protected void complete(long result, Throwable failure) {
            }
        };
    }

    static Operation sleepUntil(long deadline) {
        return idle().prepareSleep(deadline);
    }
}
