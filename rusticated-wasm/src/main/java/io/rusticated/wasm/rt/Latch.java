package io.rusticated.wasm.rt;

import java.util.ArrayList;
import java.util.List;
import org.teavm.interop.Async;
import org.teavm.interop.AsyncCallback;

/**
 * A one-shot gate fibers wait at until something opens it: how a guest future's {@code get()}
 * blocks. Waiting suspends the fiber (TeaVM {@code @Async}); opening resumes every waiter.
 */
public final class Latch {
    private boolean open;
    private List<AsyncCallback<Boolean>> waiters;

    public boolean isOpen() {
        return open;
    }

    public void open() {
        if (open) {
            return;
        }
        open = true;
        List<AsyncCallback<Boolean>> w = waiters;
        waiters = null;
        if (w != null) {
            for (AsyncCallback<Boolean> cb : w) {
                cb.complete(Boolean.TRUE);
            }
        }
    }

    /** Waits until the latch is open. */
    public void await() {
        if (!open) {
            suspend(this, -1);
        }
    }

    /** Waits at most the nanoseconds; true if the latch opened, false if the time ran out. */
    public boolean await(long nanos) {
        if (open) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        return suspend(this, nanos);
    }

    @Async
    private static native Boolean suspend(Latch latch, long nanos);

    private static void suspend(Latch latch, long nanos, AsyncCallback<Boolean> resume) {
        if (latch.open) {
            resume.complete(Boolean.TRUE);
            return;
        }
        boolean[] settled = new boolean[1];
        Operation timer = nanos >= 0 ? Operation.sleep(nanos) : null;
        AsyncCallback<Boolean> once = new AsyncCallback<>() {
            @Override
            public void complete(Boolean opened) {
                if (!settled[0]) {
                    settled[0] = true;
                    if (timer != null && opened) {
                        Proactor.cancel(timer);
                    }
                    resume.complete(opened);
                }
            }

            @Override
            public void error(Throwable e) {
                if (!settled[0]) {
                    settled[0] = true;
                    resume.error(e);
                }
            }
        };
        if (latch.waiters == null) {
            latch.waiters = new ArrayList<>();
        }
        latch.waiters.add(once);
        if (timer != null) {
            Proactor.submit(timer, t -> {
                if (t.result() == 0) {
                    latch.waiters.remove(once);
                    once.complete(Boolean.FALSE);
                }
            });
        }
    }
}
