package io.rusticated.io;


import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An owned, off-heap byte buffer: the Java form of Rust's {@code Vec<u8>} passed by value.
 *
 * <p>A buffer has a fixed capacity and a length (its filled part). A read fills spare capacity
 * and advances the length, so a loop can accumulate; a write sends the filled part.
 *
 * <p>Ownership moves with I/O: while an operation is in flight the buffer is lent to it and every
 * access from the caller throws {@link IllegalStateException}; it comes back when the
 * operation's completion is delivered, whatever the outcome (success, error or cancellation).
 * The memory is never freed while lent: it is GC-managed {@link NativeMemory} (possibly from a
 * {@link BufferPool}) and the in-flight operation holds the buffer strongly.
 */
public final class Buffer {
    private static final VarHandle OWNER;
    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Buffer.class, "owner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Page alignment from this size up, so O_DIRECT reads work on pooled and allocated buffers alike. */
    private static final int PAGE = 4096;

    private final MemorySegment memory;
    /** Where {@link #release()} sends the buffer: a {@link BufferPool} or a {@link BufferRing}; null for none. */
    private final Recycler pool;
    private int length;
    /** Null while the caller owns the buffer; the operation it is lent to otherwise; RELEASED once pooled. */
    @SuppressWarnings("unused") // through OWNER
    private volatile Object owner;
    private static final Object RELEASED = new Object();

    /** What takes a released buffer back to hand it out again. */
    interface Recycler {
        void recycle(Buffer b);
    }

    Buffer(MemorySegment memory, Recycler pool) {
        this.memory = memory;
        this.pool = pool;
    }

    /** A buffer of {@code capacity} bytes, freed by the garbage collector once unreachable. */
    public static Buffer allocate(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + capacity);
        }
        return new Buffer(NativeMemory.allocate(capacity, capacity >= PAGE ? PAGE : 16), null);
    }

    /** A buffer holding a copy of the bytes. */
    public static Buffer of(byte[] bytes) {
        Buffer b = allocate(bytes.length);
        return b.append(bytes);
    }

    /** A buffer holding the UTF-8 bytes of the text. */
    public static Buffer of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- ownership (the runtime's side) ----

    /** Lends the buffer to an operation; fails if it is already lent or released. */
    public void lendTo(Object operation) {
        Objects.requireNonNull(operation);
        if (!OWNER.compareAndSet(this, null, operation)) {
            Object o = OWNER.getAcquire(this);
            throw new IllegalStateException(o == RELEASED ? "buffer was released to its pool" : "buffer is already lent to an operation in flight: " + o);
        }
    }

    /** Takes the buffer back from the operation it was lent to, adding {@code filled} bytes to its length. */
    public void returnFrom(Object operation, int filled) {
        if (OWNER.getAcquire(this) != operation) {
            throw new IllegalStateException("buffer is not lent to " + operation);
        }
        length += filled;
        OWNER.setRelease(this, null);
    }

    /** True while an operation holds the buffer. */
    public boolean isLent() {
        Object o = OWNER.getAcquire(this);
        return o != null && o != RELEASED;
    }

    private void checkOwned() {
        Object o = OWNER.getAcquire(this);
        if (o != null) {
            throw new IllegalStateException(o == RELEASED ? "buffer was released to its pool" : "buffer is lent to an operation in flight: " + o);
        }
    }

    // ---- the kernel's view (valid while lent) ----

    /** The whole memory, for drivers: the kernel reads {@code [0, length)} or fills {@code [length, capacity)}. */
    public MemorySegment memory() {
        return memory;
    }

    /** The filled length as the operation holding the buffer sees it: where a read appends, how much a write sends. */
    public int lengthWhileLent() {
        return length;
    }

    // ---- the caller's view ----

    public int capacity() {
        return (int) memory.byteSize();
    }

    public int length() {
        checkOwned();
        return length;
    }

    /** Capacity not yet filled: how much the next read may add. */
    public int spare() {
        checkOwned();
        return capacity() - length;
    }

    public boolean isEmpty() {
        return length() == 0;
    }

    /** Forgets the contents (length 0). */
    public Buffer clear() {
        checkOwned();
        length = 0;
        return this;
    }

    public Buffer setLength(int newLength) {
        checkOwned();
        if (newLength < 0 || newLength > capacity()) {
            throw new IndexOutOfBoundsException("length " + newLength + " outside [0, " + capacity() + "]");
        }
        length = newLength;
        return this;
    }

    public byte get(int index) {
        checkOwned();
        Objects.checkIndex(index, length);
        return memory.get(ValueLayout.JAVA_BYTE, index);
    }

    public Buffer append(byte[] src) {
        return append(src, 0, src.length);
    }

    public Buffer append(byte[] src, int offset, int count) {
        checkOwned();
        Objects.checkFromIndexSize(offset, count, src.length);
        if (count > capacity() - length) {
            throw new IndexOutOfBoundsException("appending " + count + " bytes overflows the spare capacity " + (capacity() - length));
        }
        MemorySegment.copy(src, offset, memory, ValueLayout.JAVA_BYTE, length, count);
        length += count;
        return this;
    }

    /** Appends the remaining bytes of {@code src} that fit, advancing its position; returns how many. */
    public int append(ByteBuffer src) {
        checkOwned();
        int n = Math.min(src.remaining(), capacity() - length);
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, memory, length, n);
        src.position(src.position() + n);
        length += n;
        return n;
    }

    public Buffer append(String text) {
        return append(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the first {@code count} bytes, moving the rest to the front (after a short write, say). */
    public Buffer discard(int count) {
        checkOwned();
        Objects.checkFromIndexSize(0, count, length);
        MemorySegment.copy(memory, count, memory, 0, length - count);
        length -= count;
        return this;
    }

    /** Copies {@code count} filled bytes from {@code from} into {@code dst} at {@code dstOffset}. */
    public void copyTo(int from, byte[] dst, int dstOffset, int count) {
        checkOwned();
        Objects.checkFromIndexSize(from, count, length);
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, from, dst, dstOffset, count);
    }

    public byte[] toByteArray() {
        checkOwned();
        byte[] bytes = new byte[length]; // not MemorySegment.toArray: it builds byte[]'s simple name on every call (JDK 25)
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, 0, bytes, 0, length);
        return bytes;
    }

    public String toString(Charset charset) {
        return new String(toByteArray(), charset);
    }

    /** The filled part as a segment; valid only while the caller owns the buffer. */
    public MemorySegment filled() {
        checkOwned();
        return memory.asSlice(0, length);
    }

    /** The filled part as a direct ByteBuffer view; valid only while the caller owns the buffer. */
    public ByteBuffer asByteBuffer() {
        return filled().asByteBuffer();
    }

    /** Gives a pooled buffer back to its pool or ring; an unpooled one is left to the garbage collector. */
    public void release() {
        checkOwned();
        if (pool != null) {
            length = 0;
            OWNER.setRelease(this, RELEASED);
            pool.recycle(this);
        }
    }

    /** The pool's side of {@link #release()}: hand the buffer out again. */
    void revive() {
        length = 0;
        OWNER.setRelease(this, null);
    }

    @Override
    public String toString() {
        Object o = OWNER.getAcquire(this);
        return "Buffer[" + (o == null ? "length=" + length + ", " : o == RELEASED ? "released, " : "lent, ") + "capacity=" + capacity() + "]";
    }
}
