package io.rusticated.rt;

/**
 * A read or write whose outcome is a byte count, run on an operation its loop recycles: each
 * request gets a fresh {@link RequestFuture} (the one object a request allocates), and the
 * operation goes back to its loop's {@link CountOperations} when the completion is delivered,
 * after the kernel is done with it and before the future's continuations run.
 *
 * <p>Because the operation outlives its requests, a future the caller keeps may ask to cancel
 * after the operation has moved on to another request. So a cancel through a future never sets
 * {@link #cancelRequested} from the caller's thread: the loop thread sets it, and only if the
 * operation still serves that very future ({@link EventLoop#cancelIfServing}).
 */
final class CountOperation extends Operation {
    private final CountOperations home;

    /**
     * The future of the request being served; null while idle. Written by the submitting thread
     * before {@link EventLoop#submit} (whose queue orders it for the loop), cleared on the loop
     * thread at delivery.
     */
    RequestFuture<Integer> request;

    /** The next idle operation in {@link CountOperations}; loop thread only. */
    CountOperation nextIdle;

    CountOperation(CountOperations home) {
        this.home = home;
    }

    @Override
    void cancelRequest(RequestFuture<?> future) {
        home.loop().requestCancel(this, future);
    }

    /**
     * Hands the operation back to its loop first, so a continuation that issues the next read
     * reuses it, then settles the future. On success this runs on the loop thread; a failure may
     * be delivered on a submitting thread that found the loop closed, and then nothing is
     * recycled.
     */
    @Override
    protected void complete(long result, Throwable failure) {
        RequestFuture<Integer> f = request;
        request = null;
        boolean onLoop = home.loop().isLoopThread();
        if (onLoop) {
            home.recycle(this);
        }
        if (failure != null) {
            f.settleExceptionally(failure);
        } else {
            f.settle(onLoop ? home.box((int) result) : Integer.valueOf((int) result));
        }
    }
}
