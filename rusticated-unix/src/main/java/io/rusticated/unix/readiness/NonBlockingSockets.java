package io.rusticated.unix.readiness;

import io.rusticated.io.Buffer;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.net.SocketAbi;
import io.rusticated.unix.net.SocketScratch;

import java.lang.foreign.MemorySegment;

/**
 * The socket operations of a readiness backend as attempts that never block, written once from
 * the POSIX rules with one OS's numbers: each answers at once, with EAGAIN (connect: EINPROGRESS)
 * where the call would wait, and {@link Readiness} then waits for the poller.
 *
 * <ul>
 * <li>Every socket it serves is non-blocking ({@link #adoptSocket}): a listener must be, or a connection
 *     reset between readiness and accept(2) would block the loop thread (UNP 16.6), and so must a
 *     connecting socket. Where sends cannot say MSG_NOSIGNAL, SO_NOSIGPIPE is set on it too (macOS),
 *     so a write to a reset peer is an EPIPE, never a SIGPIPE.</li>
 * <li>Receives and sends also say MSG_DONTWAIT, and sends MSG_NOSIGNAL where the OS has it (Linux).</li>
 * <li>A connect that answers EINPROGRESS finishes when the socket turns writable; its outcome is
 *     then SO_ERROR (connect(2): "select for writing ... then getsockopt SO_ERROR").</li>
 * <li>An accept that finds a connection already aborted by its client (ECONNABORTED) takes the
 *     next one: accept(2) says to treat such errors like EAGAIN, and the JDK retries too.</li>
 * </ul>
 * Loop thread only.
 */
public final class NonBlockingSockets {
    private final SocketSyscalls sys;
    private final SocketAbi abi;
    private final SocketScratch scratch;
    private final int einprogress;
    private final int econnaborted;
    private final int eintr;
    private final int receiveFlags;
    private final int sendFlags;

    public NonBlockingSockets(SocketSyscalls sys, SocketAbi abi, ErrnoTable errors) {
        this.sys = sys;
        this.abi = abi;
        this.scratch = new SocketScratch(abi);
        this.einprogress = errors.code(Errno.EINPROGRESS);
        this.econnaborted = errors.code(Errno.ECONNABORTED);
        this.eintr = errors.code(Errno.EINTR);
        this.receiveFlags = abi.msgDontwait();
        this.sendFlags = abi.msgDontwait() | abi.msgNosignal();
    }

    /** The scratch layout of CONNECT, SEND_TO and RECV_FROM requests. */
    public SocketScratch scratch() {
        return scratch;
    }

    /** The negated errno of a connect still under way: the request waits for writability. */
    int inProgress() {
        return -einprogress;
    }

    /**
     * Readies a descriptor of unknown kind for the socket operations if it is a socket (see
     * {@link #adoptSocket}). Returns 1 for a socket, else a negated errno: ENOTSOCK for anything
     * else (asked with SO_TYPE, so a pipe shared with other processes keeps its mode), EBADF, or
     * the error of a call that failed on the socket.
     */
    public int adoptIfSocket(int fd) {
        int type = sys.getIntOption(fd, abi.solSocket(), abi.soType());
        return type < 0 ? type : adoptSocket(fd);
    }

    /**
     * Readies a descriptor its owner says is a socket for the socket operations: non-blocking
     * (O_NONBLOCK, only where it is not already) and, where the OS needs it, SO_NOSIGPIPE. Returns
     * 1, or the negated errno of a call that failed.
     */
    public int adoptSocket(int fd) {
        int status = sys.fcntl(fd, abi.fGetfl(), 0);
        if (status < 0) {
            return status;
        }
        if ((status & abi.oNonblock()) == 0) {
            int r = sys.fcntl(fd, abi.fSetfl(), status | abi.oNonblock());
            if (r < 0) {
                return r;
            }
        }
        if (abi.soNosigpipe() != 0) {
            int r = sys.setIntOption(fd, abi.solSocket(), abi.soNosigpipe(), 1);
            if (r < 0) {
                return r;
            }
        }
        return 1;
    }

    /**
     * One pending connection, close-on-exec and non-blocking (accept4's flags on Linux; elsewhere
     * FD_CLOEXEC right after, and O_NONBLOCK inherited from the listener, which {@link #adoptSocket}
     * checks again
     * when the connection is attached, or first used where nobody attaches it). A spawned child inherits nothing meanwhile:
     * children are spawned with every descriptor close-on-exec unless named (POSIX_SPAWN_CLOEXEC_DEFAULT
     * on macOS).
     */
    long accept(int listener) {
        int fd;
        do {
            fd = sys.accept(listener, abi.acceptFlags());
        } while (fd == -econnaborted || fd == -eintr);
        if (fd >= 0 && abi.acceptFlags() == 0) {
            sys.fcntl(fd, abi.fSetfd(), abi.fdCloexec());
        }
        return fd;
    }

    /** Starts connecting to the address at the scratch's start: 0 (connected at once), -EINPROGRESS, or a negated errno. */
    long connect(int fd, MemorySegment requestScratch) {
        int r = sys.connect(fd, requestScratch.address(), scratch.addressLength(requestScratch));
        return r == -eintr ? -einprogress : r; // an interrupted connect goes on asynchronously (connect(2))
    }

    /** The outcome of a connect that was under way once the socket turned writable: 0, or the negated SO_ERROR. */
    long connectResult(int fd) {
        int error = sys.getIntOption(fd, abi.solSocket(), abi.soError());
        return error <= 0 ? error : -error;
    }

    /*
     * A call that does not block is not interrupted either; should a signal get in anyway, the
     * call is made again. Written out, not as a lambda: nothing is allocated per message.
     */

    long send(int fd, Buffer b) {
        long r;
        do {
            r = sys.send(fd, IoBuffers.writeAddress(b), IoBuffers.writeLength(b), sendFlags);
        } while (r == -eintr);
        return r;
    }

    long recv(int fd, Buffer b) {
        long r;
        do {
            r = sys.recv(fd, IoBuffers.readAddress(b), IoBuffers.readLength(b), receiveFlags);
        } while (r == -eintr);
        return r;
    }

    long sendTo(int fd, MemorySegment requestScratch) {
        long r;
        do {
            r = sys.sendmsg(fd, scratch.msghdrAddress(requestScratch), sendFlags);
        } while (r == -eintr);
        return r;
    }

    long recvFrom(int fd, MemorySegment requestScratch) {
        long r;
        do {
            r = sys.recvmsg(fd, scratch.msghdrAddress(requestScratch), receiveFlags);
        } while (r == -eintr);
        return r;
    }
}
