package io.rusticated.testing;

import io.rusticated.spi.Backend;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverFactory;
import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.OsError;
import io.rusticated.spi.Request;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Core's tests only: a backend that asks no OS anything. Every request succeeds with 0 at the
 * loop's next turn, so the loop's and the API's own bookkeeping (owned handles, closes, children
 * of {@link RecordingProcessSupport}) can run without an OS module on the class path.
 */
public final class NoOsDriverFactory implements DriverFactory {
    /** What the next driver answers to {@link Driver#waitsForOthers()}. */
    public static volatile boolean waitsForOthers;
    /** Calls of {@link Driver#poll} that may wait (timeout not 0), on every driver. */
    public static final java.util.concurrent.atomic.AtomicLong WAITING_POLLS = new java.util.concurrent.atomic.AtomicLong();
    /** The context of the last driver opened. */
    public static volatile DriverContext lastContext;

    @Override
    public String name() {
        return "no-os";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean supportsCurrentOs() {
        return true;
    }

    @Override
    public Driver open(DriverContext context, String whyNotOthers) {
        Thread loopThread = Thread.currentThread();
        lastContext = context;
        return new Driver() {
            @Override
            public boolean waitsForOthers() {
                return waitsForOthers;
            }

            @Override
            public Backend backend() {
                return new Backend("no-os", "every request completes with 0", "core's tests");
            }

            @Override
            public ErrorTable errors() {
                return code -> new OsError(code, "E" + code, "error " + code, ErrorKind.OTHER);
            }

            @Override
            public boolean supports(Opcode opcode) {
                return opcode != Opcode.SLEEP;
            }

            @Override
            public boolean kernelKeepsFilePosition() {
                return true;
            }

            @Override
            public void submit(Request op) {
                context.completeLater(op, 0);
            }

            @Override
            public void cancel(Request op) {
            }

            @Override
            public void poll(long timeoutNanos) {
                if (timeoutNanos != 0) {
                    WAITING_POLLS.incrementAndGet();
                }
                if (timeoutNanos != 0 && !context.hasLaterCompletions()) {
                    LockSupport.parkNanos(timeoutNanos < 0 ? TimeUnit.MILLISECONDS.toNanos(10) : Math.min(timeoutNanos, TimeUnit.MILLISECONDS.toNanos(10)));
                }
            }

            @Override
            public void wakeup() {
                LockSupport.unpark(loopThread);
            }

            @Override
            public void completeBlocking(Request op, long rawResult) {
                context.complete(op, rawResult);
            }

            @Override
            public void close() {
            }
        };
    }
}
