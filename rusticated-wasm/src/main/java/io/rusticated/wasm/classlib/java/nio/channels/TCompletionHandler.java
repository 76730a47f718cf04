package io.rusticated.wasm.classlib.java.nio.channels;

/** java.nio.channels.CompletionHandler for a guest on rusticated (absent from TeaVM's class library). */
public interface TCompletionHandler<V, A> {
    void completed(V result, A attachment);

    void failed(Throwable exc, A attachment);
}
