package io.rusticated.unix.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.Received;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.IoBuffers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The scratch memory of a socket request (CONNECT, SEND_TO, RECV_FROM), the same for every Unix
 * backend: a sockaddr_storage at 0, then a {@code struct msghdr} whose {@code msg_namelen} holds the
 * address's length, then one {@code struct iovec}. io_uring hands the kernel the address (CONNECT)
 * or the msghdr (SENDMSG, RECVMSG); a readiness backend passes the same memory to connect(2),
 * sendmsg(2) and recvmsg(2). The request keeps it until it completes.
 */
public final class SocketScratch {
    private final SocketAddresses addresses;
    private final long msghdr = SocketAddresses.STORAGE_SIZE;
    private final long msghdrSize;
    private final long nameAt;
    private final long nameLengthAt;
    private final long iovAt;
    private final long iovLengthAt;
    private final boolean iovLengthIsLong;
    private final long flagsAt;
    private final long iovec;
    private final long iovecBase;
    private final long iovecLength;
    private final long size;
    private final int msgTrunc;

    public SocketScratch(SocketAbi abi) {
        this.addresses = new SocketAddresses(abi);
        StructLayout m = abi.msghdr();
        this.msghdrSize = m.byteSize();
        this.nameAt = msghdr + m.byteOffset(groupElement("msg_name"));
        this.nameLengthAt = msghdr + m.byteOffset(groupElement("msg_namelen"));
        this.iovAt = msghdr + m.byteOffset(groupElement("msg_iov"));
        this.iovLengthAt = msghdr + m.byteOffset(groupElement("msg_iovlen"));
        this.iovLengthIsLong = m.select(groupElement("msg_iovlen")).byteSize() == Long.BYTES; // size_t on Linux, int on macOS
        this.flagsAt = msghdr + m.byteOffset(groupElement("msg_flags"));
        StructLayout v = abi.iovec();
        this.iovec = msghdr + msghdrSize;
        this.iovecBase = iovec + v.byteOffset(groupElement("iov_base"));
        this.iovecLength = iovec + v.byteOffset(groupElement("iov_len"));
        this.size = iovec + v.byteSize();
        this.msgTrunc = abi.msgTrunc();
    }

    /** Bytes a socket request's scratch needs. */
    public long size() {
        return size;
    }

    public SocketAddresses addresses() {
        return addresses;
    }

    /**
     * Fills the request's scratch: the peer's address for CONNECT and SEND_TO (none: a connected
     * datagram socket's peer), and a msghdr whose msg_namelen is its length (CONNECT reads it
     * there, so a request submitted again finds it); for SEND_TO and RECV_FROM the msghdr also
     * points at the address and at one iovec over the buffer (RECV_FROM: room for any address).
     */
    public void prepare(Request op, MemorySegment scratch) throws SocketException {
        int nameLength = op.address() != null ? addresses.encode(op.address(), scratch) : 0;
        scratch.asSlice(msghdr, msghdrSize).fill((byte) 0);
        scratch.set(ValueLayout.JAVA_INT, nameLengthAt, nameLength);
        if (op.opcode() == Opcode.SEND_TO || op.opcode() == Opcode.RECV_FROM) {
            boolean send = op.opcode() == Opcode.SEND_TO;
            if (send) {
                scratch.set(ValueLayout.JAVA_LONG, nameAt, nameLength == 0 ? 0 : scratch.address());
            } else {
                scratch.asSlice(0, SocketAddresses.STORAGE_SIZE).fill((byte) 0);
                scratch.set(ValueLayout.JAVA_LONG, nameAt, scratch.address());
                scratch.set(ValueLayout.JAVA_INT, nameLengthAt, (int) SocketAddresses.STORAGE_SIZE);
            }
            scratch.set(ValueLayout.JAVA_LONG, iovAt, scratch.address() + iovec);
            if (iovLengthIsLong) {
                scratch.set(ValueLayout.JAVA_LONG, iovLengthAt, 1);
            } else {
                scratch.set(ValueLayout.JAVA_INT, iovLengthAt, 1);
            }
            Buffer b = op.buffer();
            scratch.set(ValueLayout.JAVA_LONG, iovecBase, send ? IoBuffers.writeAddress(b) : IoBuffers.readAddress(b));
            scratch.set(ValueLayout.JAVA_LONG, iovecLength, send ? IoBuffers.writeLength(b) : IoBuffers.readLength(b));
        }
    }

    /** The address's length (msg_namelen): what CONNECT passes with the address at the scratch's start. */
    public int addressLength(MemorySegment scratch) {
        return scratch.get(ValueLayout.JAVA_INT, nameLengthAt);
    }

    /** Where the msghdr is, for sendmsg/recvmsg (or an io_uring SENDMSG/RECVMSG). */
    public long msghdrAddress(MemorySegment scratch) {
        return scratch.address() + msghdr;
    }

    /** A received datagram's sender and whether it was cut short, from the msghdr the kernel filled. */
    public Received received(MemorySegment scratch, int bytes) {
        int nameLength = scratch.get(ValueLayout.JAVA_INT, nameLengthAt);
        boolean truncated = (scratch.get(ValueLayout.JAVA_INT, flagsAt) & msgTrunc) != 0;
        try {
            return new Received(bytes, addresses.decode(scratch, nameLength), truncated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
