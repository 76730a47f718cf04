package io.rusticated.jdk;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.path.NativePath;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;

import java.net.SocketAddress;

/**
 * A request the calling thread serves itself ({@link io.rusticated.spi.DirectCalls#run}): filled
 * for one call, handed over, read back; one per {@link CallScratch}, so a thread reuses it. Holds
 * what a path operation or a call on a handle names; never a buffer, a deadline or a token.
 */
final class DirectRequest implements Request {
    private Opcode opcode = Opcode.NOP;
    private long handle = NO_HANDLE;
    private NativePath path;
    private NativePath path2;
    private int flags;
    private int openFlags;
    private int mode;
    private long length;

    /** Starts a request for {@code opcode}, everything else cleared. */
    DirectRequest reset(Opcode opcode) {
        this.opcode = opcode;
        this.handle = NO_HANDLE;
        this.path = null;
        this.path2 = null;
        this.flags = 0;
        this.openFlags = 0;
        this.mode = 0;
        this.length = 0;
        return this;
    }

    DirectRequest handle(long handle) {
        this.handle = handle;
        return this;
    }

    DirectRequest path(NativePath path) {
        this.path = path;
        return this;
    }

    DirectRequest path2(NativePath path2) {
        this.path2 = path2;
        return this;
    }

    DirectRequest flags(int flags) {
        this.flags = flags;
        return this;
    }

    DirectRequest openFlags(int openFlags) {
        this.openFlags = openFlags;
        return this;
    }

    DirectRequest mode(int mode) {
        this.mode = mode;
        return this;
    }

    DirectRequest length(long length) {
        this.length = length;
        return this;
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
        return null;
    }

    @Override
    public long offset() {
        return CURRENT_POSITION;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public NativePath path() {
        return path;
    }

    @Override
    public NativePath path2() {
        return path2;
    }

    @Override
    public BufferRing bufferRing() {
        return null;
    }

    @Override
    public SocketAddress address() {
        return null;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public int openFlags() {
        return openFlags;
    }

    @Override
    public int mode() {
        return mode;
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
        return false;
    }

    @Override
    public String toString() {
        return opcode + (handle >= 0 ? " handle=" + handle : "") + (path != null ? " path=" + path : "") + (path2 != null ? " path2=" + path2 : "");
    }
}
