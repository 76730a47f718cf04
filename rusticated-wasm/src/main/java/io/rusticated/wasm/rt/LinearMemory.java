package io.rusticated.wasm.rt;

import java.nio.charset.StandardCharsets;
import org.teavm.interop.Address;
import org.teavm.runtime.heap.Heap;

/**
 * A region of the guest's linear memory, the only memory a host can see (a Java array is a GC
 * object the host cannot address). An {@link Operation} lends its regions to the host from
 * submission until its completion; they are released only after that ({@link Operation#release}).
 */
public final class LinearMemory {
    private Address address;
    private final int size;

    private LinearMemory(Address address, int size) {
        this.address = address;
        this.size = size;
    }

    public static LinearMemory allocate(int size) {
        Address a = Heap.alloc(Math.max(size, 1));
        if (a == null) {
            throw new OutOfMemoryError("rusticated-wasm: no " + size + " bytes of linear memory left");
        }
        return new LinearMemory(a, size);
    }

    /** The path's UTF-8 bytes, no terminator. NUL has been rejected by the caller. */
    public static LinearMemory utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LinearMemory m = allocate(bytes.length);
        m.copyFrom(bytes, 0, 0, bytes.length);
        return m;
    }

    public int address() {
        return live().toInt();
    }

    public int size() {
        return size;
    }

    /** Copies count bytes from the array into this region at position. */
    public void copyFrom(byte[] src, int srcOffset, int position, int count) {
        check(position, count);
        Address to = live().add(position);
        int i = srcOffset;
        int end = srcOffset + count;
        // Eight bytes per store where we can: this loop is the guest's side of every bulk transfer.
        while (end - i >= 8) {
            long v = (src[i] & 0xffL) | (src[i + 1] & 0xffL) << 8 | (src[i + 2] & 0xffL) << 16 | (src[i + 3] & 0xffL) << 24
                    | (src[i + 4] & 0xffL) << 32 | (src[i + 5] & 0xffL) << 40 | (src[i + 6] & 0xffL) << 48 | (src[i + 7] & 0xffL) << 56;
            to.putLong(v);
            to = to.add(8);
            i += 8;
        }
        while (i < end) {
            to.putByte(src[i++]);
            to = to.add(1);
        }
    }

    /** Copies count bytes at position of this region into the array. */
    public void copyTo(int position, byte[] dst, int dstOffset, int count) {
        check(position, count);
        Address from = live().add(position);
        int i = dstOffset;
        int end = dstOffset + count;
        while (end - i >= 8) {
            long v = from.getLong();
            dst[i] = (byte) v;
            dst[i + 1] = (byte) (v >>> 8);
            dst[i + 2] = (byte) (v >>> 16);
            dst[i + 3] = (byte) (v >>> 24);
            dst[i + 4] = (byte) (v >>> 32);
            dst[i + 5] = (byte) (v >>> 40);
            dst[i + 6] = (byte) (v >>> 48);
            dst[i + 7] = (byte) (v >>> 56);
            from = from.add(8);
            i += 8;
        }
        while (i < end) {
            dst[i++] = from.getByte();
            from = from.add(1);
        }
    }

    public int getByte(int position) {
        check(position, 1);
        return live().add(position).getByte() & 0xff;
    }

    public int getInt(int position) {
        check(position, 4);
        return live().add(position).getInt();
    }

    public double getDouble(int position) {
        check(position, 8);
        return live().add(position).getDouble();
    }

    /** Gives the region back to the allocator; only its operation's owner calls this, after the completion. */
    void free() {
        if (address != null) {
            Heap.release(address);
            address = null;
        }
    }

    private Address live() {
        if (address == null) {
            throw new IllegalStateException("linear memory region used after it was released");
        }
        return address;
    }

    private void check(int position, int count) {
        if (position < 0 || count < 0 || position > size - count) {
            throw new IndexOutOfBoundsException("region of " + size + " bytes, access at " + position + " of " + count);
        }
    }
}
