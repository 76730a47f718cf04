package io.rusticated.unix.testing;

import io.rusticated.io.Buffer;
import io.rusticated.path.NativePath;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;

/** A request as a driver sees one, made by a test without a loop: what it carries, and whether someone asked to cancel it. */
public final class TestRequest implements Request {
    private final Opcode opcode;
    private final long handle;
    private final Buffer buffer;
    private final int flags;
    private final java.net.SocketAddress address;
    private boolean cancelRequested;

    private TestRequest(Opcode opcode, long handle, Buffer buffer, int flags) {
        this(opcode, handle, buffer, flags, null);
    }

    private TestRequest(Opcode opcode, long handle, Buffer buffer, int flags, java.net.SocketAddress address) {
        this.opcode = opcode;
        this.handle = handle;
        this.buffer = buffer;
        this.flags = flags;
        this.address = address;
    }

    public static TestRequest read(long fd, int capacity) {
        return new TestRequest(Opcode.READ, fd, Buffer.allocate(capacity), 0);
    }

    public static TestRequest write(long fd, String text) {
        return new TestRequest(Opcode.WRITE, fd, Buffer.of(text), 0);
    }

    public static TestRequest poll(long fd, int events) {
        return new TestRequest(Opcode.POLL, fd, null, events);
    }

    public static TestRequest waitChild(long processHandle) {
        return new TestRequest(Opcode.WAIT_CHILD, processHandle, null, 0);
    }

    public static TestRequest close(long fd) {
        return new TestRequest(Opcode.CLOSE, fd, null, 0);
    }

    public static TestRequest of(Opcode opcode, long handle) {
        return new TestRequest(opcode, handle, null, 0);
    }

    /** One accept, or with {@code multishot} one per connection until cancelled or failed. */
    public static TestRequest accept(long listener, boolean multishot) {
        return new TestRequest(Opcode.ACCEPT, listener, null, multishot ? MULTISHOT : 0);
    }

    public static TestRequest connect(long socket, java.net.SocketAddress peer) {
        return new TestRequest(Opcode.CONNECT, socket, null, 0, peer);
    }

    public static TestRequest recv(long socket, int capacity) {
        return new TestRequest(Opcode.RECV, socket, Buffer.allocate(capacity), 0);
    }

    public static TestRequest send(long socket, String text) {
        return new TestRequest(Opcode.SEND, socket, Buffer.of(text), 0);
    }

    public static TestRequest sendTo(long socket, String text, java.net.SocketAddress peer) {
        return new TestRequest(Opcode.SEND_TO, socket, Buffer.of(text), 0, peer);
    }

    public static TestRequest recvFrom(long socket, int capacity) {
        return new TestRequest(Opcode.RECV_FROM, socket, Buffer.allocate(capacity), 0);
    }

    /** What a READ read so far, as text: the bytes the driver put after the buffer's length. */
    public String readText(long count) {
        byte[] bytes = buffer.memory().asSlice(buffer.lengthWhileLent(), count).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    public void requestCancel() {
        cancelRequested = true;
    }

    @Override
    public Opcode opcode() {
        return opcode;
    }

    @Override
    public long handle() {
        return handle;
    }

    @Override
    public Buffer buffer() {
        return buffer;
    }

    @Override
    public long offset() {
        return CURRENT_POSITION;
    }

    @Override
    public long length() {
        return 0;
    }

    @Override
    public NativePath path() {
        return null;
    }

    @Override
    public NativePath path2() {
        return null;
    }

    @Override
    public java.net.SocketAddress address() {
        return address;
    }

    @Override
    public io.rusticated.io.BufferRing bufferRing() {
        return null;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public int openFlags() {
        return 0;
    }

    @Override
    public int mode() {
        return 0;
    }

    @Override
    public long deadline() {
        return 0;
    }

    @Override
    public long token() {
        return 0;
    }

    @Override
    public boolean isCancelRequested() {
        return cancelRequested;
    }

    @Override
    public String toString() {
        return opcode + "(" + handle + ")";
    }
}
