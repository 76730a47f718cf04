package io.rusticated.macos;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static io.rusticated.macos.MacAbi.*;

/**
 * A stand-in for one kqueue and the few kernel objects the kqueue driver's tests need (pipes,
 * terminals, child processes, TCP and UDP sockets on loopback), written from the documented
 * semantics, since no Mac is at hand.
 * Each behaviour cites its rule; "kqueue(2)" is Apple's manual page as published in
 * apple-oss-distributions/xnu, {@code bsd/man/man2/kqueue.2}; "event.h" is {@code <sys/event.h>} of
 * the macOS SDK (zig 0.11's copy). Where a documented rule is silent, the behaviour is the one an
 * anchor observed on real Macs, named too (libuv, mio). Sockets follow Apple's socket manual
 * pages (accept(2), connect(2), send(2), recv(2), getsockopt(2), from xnu's {@code bsd/man/man2})
 * and POSIX where those are silent. It reads and writes real {@code struct kevent} arrays
 * ({@link KeventList}, the layout the probe checks) and real BSD sockaddrs and msghdrs (MacAbi's
 * layouts), so the driver's encoding is exercised as well. Thread-safe: waits block on a condition, as kevent(2) is called
 * from any thread.
 */
final class KqueueStandIn implements Kevents {
    /** A descriptor's open file description. */
    static final class File {
        final String kind; // "pipe-read", "pipe-write", "tty", "file"
        File peer; // a pipe's other end
        final StringBuilder buffer; // a pipe's bytes, shared by both ends
        final int capacity;
        boolean open = true;
        boolean nonBlocking;
        /** kqueue refuses to attach to it (a device without a byte count, kqueue(2) "Device nodes"; some /dev ttys, libuv). */
        boolean refusesKqueue;
        boolean ptyMaster;
        /** An errno adding a knote for it answers (kqueue(2) ERRORS, e.g. EACCES "The process does not have permission to register a filter"). */
        int addError;

        // ---- a socket ("tcp", "tcp-listener", "udp"); its buffer holds what it received ----
        /** The port it is bound to (a listener's, a UDP socket's). */
        int port;
        /** A listener's connections not accepted yet (their server-side descriptors), oldest first. */
        final ArrayDeque<Integer> pending = new ArrayDeque<>();
        /** A connect answered EINPROGRESS and its outcome is not known yet; the port it goes to. */
        boolean connecting;
        int connectingTo;
        boolean connected;
        /** The pending socket error (so_error), which getsockopt(2) SO_ERROR reads "and clear[s]". */
        int soError;
        /** Nothing more will arrive (the peer reset, or the connect failed). */
        boolean cantReceiveMore;
        boolean cantSendMore;
        boolean noSigPipe;
        boolean closeOnExec;
        /** A UDP socket's datagrams: {sender port, text}. */
        final ArrayDeque<Object[]> datagrams = new ArrayDeque<>();

        File(String kind, StringBuilder buffer, int capacity) {
            this.kind = kind;
            this.buffer = buffer;
            this.capacity = capacity;
        }
    }

    /** A child: running, exited (a zombie, or not yet one), or collected. */
    static final class Child {
        boolean exited;
        /** waitpid can collect it: false between NOTE_EXIT and the zombie's making (libuv #3504). */
        boolean reapable;
        boolean collected;
        int status;
    }

    private record Key(long ident, short filter) {
    }

    private static final class Knote {
        final Key key;
        int flags;
        int fflags;
        long udata;
        /** EVFILT_USER: NOTE_TRIGGER seen and not yet retrieved. */
        boolean triggered;
        /** On the queue, waiting to be retrieved. */
        boolean active;

        Knote(Key key) {
            this.key = key;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Integer, File> files = new HashMap<>();
    private final Map<Integer, Child> children = new HashMap<>();
    private final Map<Key, Knote> knotes = new LinkedHashMap<>();
    private final List<String> changes = new ArrayList<>();
    private final List<String> retrieved = new ArrayList<>();
    private int nextFd = 10;
    private int nextPid = 500;
    /** macOS 10.10/10.11: adding a knote on a pipe whose other end is closed answers EPIPE, yet the knote is added (mio #582). */
    boolean oldDarwinEpipe;
    boolean closed;
    /** SIGPIPEs the process would have received (and, by default, died of). */
    int sigpipes;
    /** The process has no descriptor left: accept(2) fails with EMFILE, the connection stays queued. */
    boolean descriptorTableFull;

    // ---- kernel objects, as the tests set them up ----

    /** A pipe: [read end, write end]; {@code nonBlocking} sets O_NONBLOCK on both descriptions. */
    int[] pipe(boolean nonBlocking, int capacity) {
        lock.lock();
        try {
            StringBuilder b = new StringBuilder();
            File r = new File("pipe-read", b, capacity);
            File w = new File("pipe-write", b, capacity);
            r.peer = w;
            w.peer = r;
            r.nonBlocking = nonBlocking;
            w.nonBlocking = nonBlocking;
            int rfd = nextFd++;
            int wfd = nextFd++;
            files.put(rfd, r);
            files.put(wfd, w);
            return new int[] {rfd, wfd};
        } finally {
            lock.unlock();
        }
    }

    int open(String kind) {
        lock.lock();
        try {
            int fd = nextFd++;
            files.put(fd, new File(kind, new StringBuilder(), 4096));
            return fd;
        } finally {
            lock.unlock();
        }
    }

    File file(int fd) {
        lock.lock();
        try {
            return files.get(fd);
        } finally {
            lock.unlock();
        }
    }

    /** Another process writes to the pipe end {@code fd}. */
    void write(int fd, String text) {
        lock.lock();
        try {
            files.get(fd).buffer.append(text);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * close(2): "Calling close() on a file descriptor will remove any kevents that reference the
     * descriptor" (kqueue(2)); the peer sees EOF.
     */
    void close(int fd) {
        lock.lock();
        try {
            File f = files.remove(fd);
            if (f != null) {
                f.open = false;
            }
            knotes.keySet().removeIf(k -> k.ident() == fd && (k.filter() == EVFILT_READ || k.filter() == EVFILT_WRITE));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int spawn() {
        lock.lock();
        try {
            int pid = nextPid++;
            children.put(pid, new Child());
            return pid;
        } finally {
            lock.unlock();
        }
    }

    /** The child exits; {@code reapable} false: NOTE_EXIT comes before waitpid can collect it (libuv #3504). */
    void exit(int pid, int status, boolean reapable) {
        lock.lock();
        try {
            Child c = children.get(pid);
            c.exited = true;
            c.reapable = reapable;
            c.status = status;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * waitpid(2) for one child: with WNOHANG, 0 while it has no state to report (running, or exited
     * but not yet a zombie); without, the wait ends when the zombie is made (here: at once); ECHILD
     * once collected.
     */
    int waitpid(int pid, int options, int[] status) {
        lock.lock();
        try {
            Child c = children.get(pid);
            if (c == null || c.collected) {
                return -ECHILD;
            }
            if (!c.exited || (!c.reapable && (options & WNOHANG) != 0)) {
                if ((options & WNOHANG) != 0) {
                    return 0;
                }
                throw new AssertionError("a blocking waitpid on a running child would hang this test");
            }
            c.reapable = true;
            c.collected = true;
            status[0] = c.status;
            return pid;
        } finally {
            lock.unlock();
        }
    }

    /** Every change applied so far, as "ident filter flags fflags" (for the tests' assertions). */
    List<String> changes() {
        lock.lock();
        try {
            return List.copyOf(changes);
        } finally {
            lock.unlock();
        }
    }

    /** Every event retrieved so far, as "ident filter data N". */
    List<String> retrieved() {
        lock.lock();
        try {
            return List.copyOf(retrieved);
        } finally {
            lock.unlock();
        }
    }

    boolean hasKnote(long ident, short filter) {
        lock.lock();
        try {
            return knotes.containsKey(new Key(ident, filter));
        } finally {
            lock.unlock();
        }
    }

    // ---- descriptor calls the stand-in descriptors make ----

    /** read(2) of a pipe: the bytes there, 0 at EOF, EAGAIN on an empty O_NONBLOCK description. */
    long read(int fd, MemorySegment into, long at, int max) {
        lock.lock();
        try {
            File f = files.get(fd);
            if (f == null) {
                return -EBADF;
            }
            if (f.buffer.isEmpty()) {
                if (f.peer != null && !f.peer.open) {
                    return 0;
                }
                if (f.nonBlocking || f.kind.equals("tty")) {
                    return -EAGAIN;
                }
                throw new AssertionError("a blocking read on an empty pipe would hang this test");
            }
            int n = Math.min(max, f.buffer.length());
            byte[] bytes = f.buffer.substring(0, n).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            MemorySegment.copy(bytes, 0, into, ValueLayout.JAVA_BYTE, at, n);
            f.buffer.delete(0, n);
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** write(2) to a pipe: EPIPE without a reader, EAGAIN when full (O_NONBLOCK), else what fits. */
    long write(int fd, MemorySegment from, int length) {
        lock.lock();
        try {
            File f = files.get(fd);
            if (f == null) {
                return -EBADF;
            }
            if (f.peer != null && !f.peer.open) {
                return -EPIPE;
            }
            int room = f.capacity - f.buffer.length();
            if (room == 0) {
                return -EAGAIN;
            }
            int n = Math.min(room, length);
            f.buffer.append(new String(from.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.ISO_8859_1));
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    // ---- sockets, as the tests set them up and as other processes use them ----

    /** A TCP socket listening on {@code port} (blocking until the driver adopts it). */
    int listener(int port) {
        lock.lock();
        try {
            File f = new File("tcp-listener", new StringBuilder(), 0);
            f.port = port;
            int fd = nextFd++;
            files.put(fd, f);
            return fd;
        } finally {
            lock.unlock();
        }
    }

    /** A TCP socket, not connected (blocking until the driver adopts it). */
    int tcpSocket() {
        return open("tcp");
    }

    /** A UDP socket bound to {@code port}. */
    int udpSocket(int port) {
        lock.lock();
        try {
            File f = new File("udp", new StringBuilder(), 1 << 16);
            f.port = port;
            int fd = nextFd++;
            files.put(fd, f);
            return fd;
        } finally {
            lock.unlock();
        }
    }

    /** Another process connects to the listener on {@code port}: returns its end; the server's end waits to be accepted. */
    int connectFromElsewhere(int port) {
        lock.lock();
        try {
            File a = new File("tcp", new StringBuilder(), 1 << 16);
            File b = new File("tcp", new StringBuilder(), 1 << 16);
            a.peer = b;
            b.peer = a;
            a.connected = true;
            b.connected = true;
            int afd = nextFd++;
            int bfd = nextFd++;
            files.put(afd, a);
            files.put(bfd, b);
            listenerOn(port).pending.addLast(bfd);
            changed.signalAll();
            return afd;
        } finally {
            lock.unlock();
        }
    }

    private File listenerOn(int port) {
        for (File f : files.values()) {
            if (f.kind.equals("tcp-listener") && f.port == port) {
                return f;
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    /**
     * The outcome of a connect under way arrives: accepted (the listener queues the server's end) or
     * refused (so_error ECONNREFUSED; nothing can be sent or received). Either way the socket turns
     * writable: POSIX connect(): "When the connection has been established asynchronously,
     * pselect(), select(), and poll() shall indicate that the file descriptor for the socket is
     * ready for writing"; a failed one is too, with its error in SO_ERROR.
     */
    void finishConnect(int fd, boolean refused) {
        lock.lock();
        try {
            File c = files.get(fd);
            c.connecting = false;
            if (refused) {
                c.soError = ECONNREFUSED;
                c.cantReceiveMore = true;
                c.cantSendMore = true;
            } else {
                File server = new File("tcp", new StringBuilder(), 1 << 16);
                server.peer = c;
                server.connected = true;
                c.peer = server;
                c.connected = true;
                int sfd = nextFd++;
                files.put(sfd, server);
                listenerOn(c.connectingTo).pending.addLast(sfd);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The end {@code fd} resets its connection (SO_LINGER 0, then close): its peer gets ECONNRESET and can neither send nor receive any more. */
    void reset(int fd) {
        lock.lock();
        try {
            File f = files.remove(fd);
            f.open = false;
            File p = f.peer;
            p.soError = ECONNRESET;
            p.cantReceiveMore = true;
            p.cantSendMore = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The end {@code fd} shuts its sending side down (shutdown(2) SHUT_WR: "further sends will be
     * disallowed"): its peer reads what was sent, then end of file, and may still send to it.
     */
    void shutdownWrite(int fd) {
        lock.lock();
        try {
            File f = files.get(fd);
            f.cantSendMore = true;
            f.peer.cantReceiveMore = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Another process sends a datagram from {@code fromPort} to the UDP socket {@code fd}. */
    void datagram(int fd, int fromPort, String text) {
        lock.lock();
        try {
            files.get(fd).datagrams.addLast(new Object[] {fromPort, text});
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What the UDP socket {@code fd} has been sent, oldest first, as "port:text". */
    List<String> datagrams(int fd) {
        lock.lock();
        try {
            List<String> out = new ArrayList<>();
            for (Object[] d : files.get(fd).datagrams) {
                out.add(d[0] + ":" + d[1]);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** What the end {@code fd} of a connection received so far. */
    String received(int fd) {
        lock.lock();
        try {
            return files.get(fd).buffer.toString();
        } finally {
            lock.unlock();
        }
    }

    // ---- socket calls (StandInSockets makes them) ----

    /** Fails a test whose driver made a call that would block: the stand-in cannot wait inside a call. */
    private static AssertionError wouldBlock(String call) {
        return new AssertionError("a blocking " + call + " would hang the loop thread (the socket is not O_NONBLOCK)");
    }

    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static MemorySegment at(long address, long size) {
        return MemorySegment.ofAddress(address).reinterpret(size);
    }

    /**
     * accept(2): "extracts the first connection request on the queue of pending connections,
     * creates a new socket with the same properties of socket" (so O_NONBLOCK too; close-on-exec
     * belongs to the descriptor, not the socket, and starts clear); "[EWOULDBLOCK] socket is marked
     * as non-blocking and no connections are present to be accepted"; "[EMFILE] The per-process
     * descriptor table is full" (the connection stays queued, so the listener stays readable).
     */
    int accept(int fd) {
        lock.lock();
        try {
            File l = files.get(fd);
            if (l == null) {
                return -EBADF;
            }
            if (!l.kind.equals("tcp-listener")) {
                return -EINVAL;
            }
            if (l.pending.isEmpty()) {
                if (!l.nonBlocking) {
                    throw wouldBlock("accept");
                }
                return -EAGAIN;
            }
            if (descriptorTableFull) {
                return -EMFILE;
            }
            int s = l.pending.pollFirst();
            files.get(s).nonBlocking = l.nonBlocking;
            return s;
        } finally {
            lock.unlock();
        }
    }

    /**
     * connect(2) of a stream socket to 127.0.0.1:port, read from a BSD sockaddr_in: the family is
     * its second byte ("[EAFNOSUPPORT] Addresses in the specified address family cannot be used
     * with this socket") and the length given is the struct's (EINVAL otherwise, as the kernel's
     * in_pcbconnect checks). A non-blocking socket answers "[EINPROGRESS] The socket is
     * non-blocking and the connection cannot be completed immediately"; the test then says how it
     * ends ({@link #finishConnect}).
     */
    int connect(int fd, long address, int length) {
        lock.lock();
        try {
            File c = files.get(fd);
            if (c == null) {
                return -EBADF;
            }
            if (length != SOCKADDR_IN.byteSize()) {
                return -EINVAL;
            }
            MemorySegment sockaddr = at(address, length);
            if (Byte.toUnsignedInt(sockaddr.get(ValueLayout.JAVA_BYTE, offset(SOCKADDR_IN, "sin_family"))) != AF_INET) {
                return -EAFNOSUPPORT;
            }
            if (!c.nonBlocking) {
                throw wouldBlock("connect");
            }
            c.connecting = true;
            c.connectingTo = Short.toUnsignedInt(sockaddr.get(PORT, offset(SOCKADDR_IN, "sin_port")));
            return -EINPROGRESS;
        } finally {
            lock.unlock();
        }
    }

    /**
     * send(2) on a connection: "[EPIPE] The socket is unable to send anymore data", and unless the
     * socket is SO_NOSIGPIPE ("do not generate SIGPIPE, instead return EPIPE") the process also gets
     * a SIGPIPE (counted here: its default action ends the process); "[EAGAIN] The socket is marked
     * non-blocking, or MSG_DONTWAIT is specified, and the requested operation would block".
     */
    long send(int fd, long address, int length, int flags) {
        lock.lock();
        try {
            File s = files.get(fd);
            if (s == null) {
                return -EBADF;
            }
            if (s.cantSendMore || (s.peer != null && !s.peer.open)) {
                if (!s.noSigPipe) {
                    sigpipes++;
                }
                return -EPIPE;
            }
            if (!s.connected) {
                return -ENOTCONN;
            }
            int room = s.peer.capacity - s.peer.buffer.length();
            if (room == 0) {
                if (!s.nonBlocking && (flags & MSG_DONTWAIT) == 0) {
                    throw wouldBlock("send");
                }
                return -EAGAIN;
            }
            int n = Math.min(room, length);
            s.peer.buffer.append(new String(at(address, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1));
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * recv(2): a pending socket error first (and cleared), then the bytes there, then 0 once
     * nothing more can arrive; EAGAIN when non-blocking (or MSG_DONTWAIT) and empty.
     */
    long recv(int fd, long address, int max, int flags) {
        lock.lock();
        try {
            File s = files.get(fd);
            if (s == null) {
                return -EBADF;
            }
            if (s.soError != 0) {
                int e = s.soError;
                s.soError = 0;
                return -e;
            }
            if (s.buffer.isEmpty()) {
                if (s.cantReceiveMore || (s.peer != null && !s.peer.open)) {
                    return 0;
                }
                if (!s.nonBlocking && (flags & MSG_DONTWAIT) == 0) {
                    throw wouldBlock("recv");
                }
                return -EAGAIN;
            }
            int n = Math.min(max, s.buffer.length());
            MemorySegment.copy(s.buffer.substring(0, n).getBytes(StandardCharsets.ISO_8859_1), 0, at(address, n), ValueLayout.JAVA_BYTE, 0, n);
            s.buffer.delete(0, n);
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * recvmsg(2) of one datagram into the one iovec of a macOS msghdr (msg_iovlen an int), the
     * sender as a BSD sockaddr_in (sin_len, then the family byte) in msg_name; "MSG_TRUNC indicates
     * that the trailing portion of a datagram was discarded because the datagram was larger than
     * the buffer supplied".
     */
    long recvmsg(int fd, long address, int flags) {
        lock.lock();
        try {
            File s = files.get(fd);
            if (s.datagrams.isEmpty()) {
                if (!s.nonBlocking && (flags & MSG_DONTWAIT) == 0) {
                    throw wouldBlock("recvmsg");
                }
                return -EAGAIN;
            }
            MemorySegment msghdr = at(address, MSGHDR.byteSize());
            if (msghdr.get(ValueLayout.JAVA_INT, offset(MSGHDR, "msg_iovlen")) != 1) {
                throw new AssertionError("one iovec expected, msg_iovlen says " + msghdr.get(ValueLayout.JAVA_INT, offset(MSGHDR, "msg_iovlen")));
            }
            Object[] d = s.datagrams.pollFirst();
            byte[] bytes = ((String) d[1]).getBytes(StandardCharsets.ISO_8859_1);
            MemorySegment name = at(msghdr.get(ValueLayout.JAVA_LONG, offset(MSGHDR, "msg_name")), SOCKADDR_IN.byteSize());
            name.fill((byte) 0);
            name.set(ValueLayout.JAVA_BYTE, offset(SOCKADDR_IN, "sin_len"), (byte) SOCKADDR_IN.byteSize());
            name.set(ValueLayout.JAVA_BYTE, offset(SOCKADDR_IN, "sin_family"), (byte) AF_INET);
            name.set(PORT, offset(SOCKADDR_IN, "sin_port"), (short) (int) d[0]);
            name.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), offset(SOCKADDR_IN, "sin_addr"), 0x7f000001);
            msghdr.set(ValueLayout.JAVA_INT, offset(MSGHDR, "msg_namelen"), (int) SOCKADDR_IN.byteSize());
            MemorySegment iov = at(msghdr.get(ValueLayout.JAVA_LONG, offset(MSGHDR, "msg_iov")), IOVEC.byteSize());
            int n = (int) Math.min(iov.get(ValueLayout.JAVA_LONG, offset(IOVEC, "iov_len")), bytes.length);
            MemorySegment.copy(bytes, 0, at(iov.get(ValueLayout.JAVA_LONG, offset(IOVEC, "iov_base")), n), ValueLayout.JAVA_BYTE, 0, n);
            msghdr.set(ValueLayout.JAVA_INT, offset(MSGHDR, "msg_flags"), bytes.length > n ? MSG_TRUNC : 0);
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** sendmsg(2) of one datagram to the stand-in UDP socket bound to msg_name's port, a BSD sockaddr_in. */
    long sendmsg(int fd, long address, int flags) {
        lock.lock();
        try {
            File s = files.get(fd);
            MemorySegment msghdr = at(address, MSGHDR.byteSize());
            if (msghdr.get(ValueLayout.JAVA_INT, offset(MSGHDR, "msg_namelen")) != SOCKADDR_IN.byteSize()) {
                return -EINVAL;
            }
            MemorySegment name = at(msghdr.get(ValueLayout.JAVA_LONG, offset(MSGHDR, "msg_name")), SOCKADDR_IN.byteSize());
            if (Byte.toUnsignedInt(name.get(ValueLayout.JAVA_BYTE, offset(SOCKADDR_IN, "sin_family"))) != AF_INET) {
                return -EAFNOSUPPORT;
            }
            int port = Short.toUnsignedInt(name.get(PORT, offset(SOCKADDR_IN, "sin_port")));
            MemorySegment iov = at(msghdr.get(ValueLayout.JAVA_LONG, offset(MSGHDR, "msg_iov")), IOVEC.byteSize());
            int n = (int) iov.get(ValueLayout.JAVA_LONG, offset(IOVEC, "iov_len"));
            String text = new String(at(iov.get(ValueLayout.JAVA_LONG, offset(IOVEC, "iov_base")), n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
            for (File to : files.values()) {
                if (to.kind.equals("udp") && to.port == port) {
                    to.datagrams.addLast(new Object[] {s.port, text});
                    changed.signalAll();
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** getsockopt(2) of an int option: SO_TYPE (ENOTSOCK for anything but a socket), SO_ERROR (read and cleared). */
    int getIntOption(int fd, int level, int name) {
        lock.lock();
        try {
            File f = files.get(fd);
            if (f == null) {
                return -EBADF;
            }
            if (!f.kind.startsWith("tcp") && !f.kind.equals("udp")) {
                return -ENOTSOCK;
            }
            if (level != SOL_SOCKET) {
                return -EINVAL;
            }
            if (name == SO_TYPE) {
                return f.kind.equals("udp") ? SOCK_DGRAM : SOCK_STREAM;
            }
            if (name == SO_ERROR) {
                int e = f.soError;
                f.soError = 0;
                return e;
            }
            return -EINVAL;
        } finally {
            lock.unlock();
        }
    }

    /** setsockopt(2): SO_NOSIGPIPE is the one the driver sets. */
    int setIntOption(int fd, int level, int name, int value) {
        lock.lock();
        try {
            File f = files.get(fd);
            if (level != SOL_SOCKET || name != SO_NOSIGPIPE) {
                return -EINVAL;
            }
            f.noSigPipe = value != 0;
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** fcntl(2): F_GETFL/F_SETFL for O_NONBLOCK, F_SETFD for FD_CLOEXEC. */
    int fcntl(int fd, int cmd, int arg) {
        lock.lock();
        try {
            File f = files.get(fd);
            if (f == null) {
                return -EBADF;
            }
            switch (cmd) {
                case F_GETFL -> {
                    return O_RDWR | (f.nonBlocking ? O_NONBLOCK : 0);
                }
                case F_SETFL -> {
                    f.nonBlocking = (arg & O_NONBLOCK) != 0;
                    return 0;
                }
                case F_SETFD -> {
                    f.closeOnExec = (arg & FD_CLOEXEC) != 0;
                    return 0;
                }
                default -> {
                    return -EINVAL;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- kevent(2) ----

    @Override
    public int kevent(KeventList changeList, int nchanges, KeventList eventList, int nevents, long timeoutNanos) {
        lock.lock();
        try {
            int out = 0;
            // "All changes contained in the changelist are applied before any pending events are read from the queue." (kqueue(2))
            for (int i = 0; i < nchanges; i++) {
                long ident = changeList.ident(i);
                short filter = changeList.filter(i);
                int flags = changeList.flags(i);
                int fflags = changeList.fflags(i);
                changes.add(ident + " " + filterName(filter) + " " + flagNames(flags) + (fflags != 0 ? " 0x" + Integer.toHexString(fflags) : ""));
                int errno = apply(ident, filter, flags, fflags, changeList.udata(i));
                // EV_RECEIPT "forces EV_ERROR to always be returned. When a filter is successfully
                // added, the data field will be zero." Otherwise "If an error occurs while processing
                // an element of the changelist and there is enough room in the eventlist, then the
                // event will be placed in the eventlist with EV_ERROR set in flags and the system
                // error in data. Otherwise, -1 will be returned, and errno will be set." (kqueue(2))
                if ((flags & EV_RECEIPT) != 0 || errno != 0) {
                    if (out < nevents) {
                        eventList.set(out++, ident, filter, (short) (flags | EV_ERROR), fflags, errno, changeList.udata(i));
                    } else if (errno != 0) {
                        return -errno;
                    }
                }
            }
            if (out > 0 || nevents == 0) {
                return out; // receipts fill the list; the pending events stay queued ("without draining any pending events")
            }
            long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
            for (;;) {
                out = retrieve(eventList, nevents);
                // "If the time limit expires, then kevent ... return 0"; NULL: "wait indefinitely" (kqueue(2))
                if (out > 0 || closed) {
                    return out;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                try {
                    changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -EINTR;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** One change; returns 0 or the errno it fails with. */
    private int apply(long ident, short filter, int flags, int fflags, long udata) {
        Key key = new Key(ident, filter);
        if ((flags & EV_DELETE) != 0) {
            // "EV_DELETE Removes the event from the kqueue"; ENOENT: "The event could not be found to be modified or deleted." (kqueue(2))
            return knotes.remove(key) != null ? 0 : ENOENT;
        }
        Knote existing = knotes.get(key);
        if ((flags & EV_ADD) == 0) {
            if (existing == null) {
                return ENOENT;
            }
            if (filter == EVFILT_USER && (fflags & NOTE_TRIGGER) != 0) {
                // event.h: "On input, NOTE_TRIGGER causes the event to be triggered for output."
                existing.triggered = true;
                changed.signalAll();
            }
            return 0;
        }
        int errno = 0;
        switch (filter) {
            case EVFILT_READ, EVFILT_WRITE -> {
                File f = files.get((int) ident);
                if (f == null) {
                    return EBADF; // "The specified descriptor is invalid." (kqueue(2))
                }
                if (f.addError != 0) {
                    return f.addError;
                }
                if (f.refusesKqueue) {
                    return EINVAL; // "If the device does not support returning number of bytes, it will not allow the filter to be attached." (kqueue(2)); EINVAL as libuv meets it for /dev ttys
                }
                if (oldDarwinEpipe && f.peer != null && !f.peer.open) {
                    errno = EPIPE; // mio #582: macOS 10.10/10.11 answer EPIPE, "kevent will still report events on the file descriptor"
                }
            }
            case EVFILT_PROC -> {
                Child c = children.get((int) ident);
                if (c == null || c.exited) {
                    // "ESRCH The specified process to attach to does not exist." (kqueue(2)); an exited
                    // child counts as gone (libuv PR #3451: "The kernel may return ESRCH if the child has already exited")
                    return ESRCH;
                }
            }
            case EVFILT_USER -> {
            }
            default -> {
                return EINVAL; // "The specified time limit or filter is invalid." (kqueue(2))
            }
        }
        // "Re-adding an existing event will modify the parameters of the original event, and not
        // result in a duplicate entry." (kqueue(2))
        Knote k = existing != null ? existing : new Knote(key);
        k.flags = flags & ~(EV_ADD | EV_RECEIPT);
        k.fflags = fflags;
        k.udata = udata;
        if (filter == EVFILT_USER && (fflags & NOTE_TRIGGER) != 0) {
            k.triggered = true;
        }
        knotes.put(key, k);
        changed.signalAll();
        return errno;
    }

    /**
     * Moves knotes whose condition holds onto the list. "The filter is also run when the user
     * attempts to retrieve the kevent from the kqueue. If the filter indicates that the condition
     * that triggered the event no longer holds, the kevent is removed from the kqueue and is not
     * returned." One entry per knote: "Multiple events which trigger the filter do not result in
     * multiple kevents being placed on the kqueue; instead, the filter will aggregate the events
     * into a single struct kevent." (kqueue(2))
     */
    private int retrieve(KeventList list, int capacity) {
        int out = 0;
        Iterator<Knote> it = knotes.values().iterator();
        while (it.hasNext() && out < capacity) {
            Knote k = it.next();
            long[] fired = condition(k);
            if (fired == null) {
                continue;
            }
            list.set(out++, k.key.ident(), k.key.filter(), (short) (k.flags | (int) fired[1]), (int) fired[2], fired[0], k.udata);
            retrieved.add(k.key.ident() + " " + filterName(k.key.filter()) + " data " + fired[0]);
            if ((k.flags & EV_ONESHOT) != 0) {
                it.remove(); // "After the user retrieves the event from the kqueue, it is deleted." (EV_ONESHOT)
            } else if ((k.flags & EV_CLEAR) != 0) {
                k.triggered = false; // "After the event is retrieved by the user, its state is reset." (EV_CLEAR); without it a triggered user event stays triggered
            }
        }
        return out;
    }

    /** {data, extra flags, fflags} when the knote's condition holds, else null. */
    private long[] condition(Knote k) {
        switch (k.key.filter()) {
            case EVFILT_READ -> {
                // Pipes: "Returns when there is data to read; data contains the number of bytes
                // available. When the last writer disconnects, the filter will set EV_EOF" (kqueue(2))
                File f = files.get((int) k.key.ident());
                if (f == null) {
                    return null;
                }
                if (f.kind.equals("tcp-listener")) {
                    // "Sockets which previously had listen() called on them: return when there is an
                    // incoming connection pending; data contains the size of the listen backlog." (kqueue(2))
                    return f.pending.isEmpty() ? null : new long[] {f.pending.size(), 0, 0};
                }
                if (f.kind.equals("udp")) {
                    return f.datagrams.isEmpty() ? null : new long[] {((String) f.datagrams.peekFirst()[1]).length(), 0, 0};
                }
                // Sockets: "If the read direction of the socket has shutdown, then the filter also sets
                // EV_EOF in flags, and returns the socket error (if any) in fflags." (kqueue(2))
                boolean eof = (f.peer != null && !f.peer.open) || f.cantReceiveMore;
                return !f.buffer.isEmpty() || eof ? new long[] {f.buffer.length(), eof ? EV_EOF & 0xffff : 0, eof ? f.soError : 0} : null;
            }
            case EVFILT_WRITE -> {
                // "returns whenever it is possible to write to the descriptor. For sockets, pipes and
                // fifos, data will contain the amount of space remaining in the write buffer. The
                // filter will set EV_EOF when the reader disconnects" (kqueue(2))
                File f = files.get((int) k.key.ident());
                if (f == null) {
                    return null;
                }
                if (f.kind.equals("udp")) {
                    return new long[] {f.capacity, 0, 0};
                }
                if (f.kind.equals("tcp")) {
                    // A connect under way: writable once it ended (POSIX connect(), see finishConnect);
                    // a connection: room in the peer's buffer; EV_EOF once nothing can be sent.
                    if (f.connecting || (!f.connected && !f.cantSendMore)) {
                        return null;
                    }
                    boolean eof = f.cantSendMore || (f.peer != null && !f.peer.open);
                    int room = eof ? 0 : f.peer.capacity - f.peer.buffer.length();
                    return room > 0 || eof ? new long[] {room, eof ? EV_EOF & 0xffff : 0, 0} : null;
                }
                boolean eof = f.peer != null && !f.peer.open;
                int room = f.capacity - f.buffer.length();
                return room > 0 || eof ? new long[] {room, eof ? EV_EOF & 0xffff : 0, 0} : null;
            }
            case EVFILT_PROC -> {
                // NOTE_EXIT "The process has exited."; NOTE_EXITSTATUS "its exit status is in filter specific data" (kqueue(2))
                Child c = children.get((int) k.key.ident());
                return c != null && c.exited ? new long[] {(k.fflags & NOTE_EXITSTATUS) != 0 ? c.status : 0, 0, NOTE_EXIT | (k.fflags & NOTE_EXITSTATUS)} : null;
            }
            case EVFILT_USER -> {
                return k.triggered ? new long[] {0, 0, 0} : null;
            }
            default -> {
                return null;
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            knotes.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    static String filterName(short filter) {
        return switch (filter) {
            case EVFILT_READ -> "EVFILT_READ";
            case EVFILT_WRITE -> "EVFILT_WRITE";
            case EVFILT_PROC -> "EVFILT_PROC";
            case EVFILT_USER -> "EVFILT_USER";
            default -> "filter" + filter;
        };
    }

    static String flagNames(int flags) {
        StringBuilder s = new StringBuilder();
        String[] names = {"EV_ADD", "EV_DELETE", "EV_ONESHOT", "EV_CLEAR", "EV_RECEIPT"};
        int[] bits = {EV_ADD, EV_DELETE, EV_ONESHOT, EV_CLEAR, EV_RECEIPT};
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                s.append(s.isEmpty() ? "" : "|").append(names[i]);
            }
        }
        return s.isEmpty() ? "0" : s.toString();
    }

    @Override
    public String toString() {
        return "KqueueStandIn";
    }
}
