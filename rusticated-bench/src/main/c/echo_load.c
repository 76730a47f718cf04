/*
 * echo_load: the networking benchmark's load generator (research networking.md 6.3). A C client,
 * so that the client's CPU (which on loopback also runs half of the TCP work) is not spent on a
 * JIT or a GC: every server is measured against the same cheap client.
 *
 * N connections to 127.0.0.1:PORT, each echoing messages of SIZE bytes. One io_uring
 * (SINGLE_ISSUER | DEFER_TASKRUN); each connection has one multishot receive on a ring of provided
 * buffers and at most one send in flight; every send of a turn goes out with one io_uring_enter.
 *
 *   closed loop (-r 0): DEPTH messages outstanding per connection; each echo received sends the
 *       next. Latency: from the send to the last byte of its echo.
 *   open loop (-r RATE): messages are scheduled at RATE per second in all, round-robin over the
 *       connections, and sent when due whatever is outstanding (due messages of one connection go
 *       out in one send). Latency is measured from the *scheduled* time, so a server that stalls
 *       is charged for the messages that queued behind the stall (no coordinated omission).
 *   idle (-I): connect N, print "connected N", send nothing; exit on SIGTERM/SIGINT.
 *   hold (-H): connect N, print "connected N pid PID" on stderr, and start the load only on SIGUSR1 (so that a
 *       server's counters can be read between connecting and the load).
 *
 * A warm-up of WARMUP seconds, then REPS windows of SECONDS, each printed as one tab-separated line
 *   win GROUP LABEL CONNS SIZE DEPTH RATE REP MSGS SECONDS CLIENT_CPU_NS SERVER_CPU_NS P50_NS P99_NS P999_NS LATE
 * SERVER_CPU_NS is utime+stime of every thread of -p PID (/proc/PID/stat) over the window (-1
 * without -p); LATE (open loop) counts messages sent 1 ms or more after their scheduled time.
 * With -S SECONDS and -p PID, one more window runs `perf stat -e raw_syscalls:sys_enter -p PID`
 * for that long and prints
 *   sys GROUP LABEL CONNS SIZE SYSCALLS MSGS SECONDS
 * (MSGS over SECONDS: the messages echoed while perf counted, as the client saw them).
 * Connections close with a reset (SO_LINGER 0), so a run leaves no TIME_WAIT behind.
 * Every byte received is checked against the pattern sent; a wrong, missing or extra byte, or a
 * connection the server closes, fails the run (exit 1).
 *
 * Usage: echo_load -P PORT -c CONNS -m SIZE [-d DEPTH] [-r RATE] [-w WARMUP] [-t SECONDS] [-n REPS]
 *                  [-p SERVER_PID] [-S PERF_SECONDS] [-g GROUP] [-l LABEL] [-I | -H]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <liburing.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SUB_BITS 6
#define SUB (1 << SUB_BITS)
#define BUCKETS ((64 - SUB_BITS) * SUB + SUB)
#define BGID 1
#define MAX_COALESCE 64
#define OP_RECV 1ull
#define OP_SEND 2ull

typedef struct {
    uint64_t counts[BUCKETS];
    uint64_t total;
} histogram;

static int hist_index(uint64_t v) {
    if (v < 2 * SUB) return (int) v;
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - SUB_BITS;
    return shift * SUB + (int) (v >> shift);
}

static uint64_t hist_bound(int i, int upper) {
    if (i < 2 * SUB) return (uint64_t) i;
    int shift = i / SUB - 1;
    uint64_t sub = (uint64_t) i - (uint64_t) shift * SUB;
    return upper ? ((sub + 1) << shift) - 1 : sub << shift;
}

static uint64_t hist_quantile(const histogram *h, double q) {
    if (h->total == 0) return 0;
    uint64_t rank = (uint64_t) ceil(q * (double) h->total);
    if (rank < 1) rank = 1;
    uint64_t seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) return (hist_bound(i, 0) + hist_bound(i, 1)) / 2;
    }
    return hist_bound(BUCKETS - 1, 1);
}

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static uint64_t self_cpu_ns(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ull
         + (uint64_t) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

/* utime + stime of every thread of a process, dead ones included (/proc/PID/stat fields 14, 15). */
static int64_t proc_cpu_ns(int pid) {
    if (pid <= 0) return -1;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long long ut = 0, st = 0;
    /* after ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return -1;
    return (int64_t) ((ut + st) * (1000000000ull / (unsigned long long) sysconf(_SC_CLK_TCK)));
}

static void fail(const char *what, int err) {
    fprintf(stderr, "echo_load: %s: %s\n", what, strerror(err));
    exit(1);
}

/* Byte i of every message: the stream of one connection is this pattern repeated. */
static inline unsigned char pattern(uint64_t i) {
    return (unsigned char) (i * 7 + 3);
}

typedef struct {
    int fd;
    int send_in_flight;
    unsigned send_len;        /* bytes of the send in flight */
    unsigned send_done;       /* bytes of it already sent (after a short send) */
    uint64_t to_send;         /* messages due and not yet in a send */
    uint64_t sent_bytes, recv_bytes;
    uint64_t *stamps;         /* FIFO of the outstanding messages' start times */
    unsigned head, count, cap;
} conn;

static conn *conns;
static int nconns;
static unsigned size;
static unsigned char *sendbuf;
static struct io_uring ring;
static struct io_uring_buf_ring *br;
static unsigned char *bufs;
static unsigned nbufs, bufsize;
static histogram hist;
static uint64_t msgs, late;
static volatile sig_atomic_t stop, go;

static struct io_uring_sqe *sqe_get(void) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
    if (!sqe) {
        io_uring_submit(&ring);
        sqe = io_uring_get_sqe(&ring);
        if (!sqe) fail("io_uring_get_sqe", EBUSY);
    }
    return sqe;
}

static void arm_recv(int i) {
    struct io_uring_sqe *sqe = sqe_get();
    io_uring_prep_recv_multishot(sqe, conns[i].fd, NULL, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = BGID;
    sqe->user_data = ((uint64_t) i << 2) | OP_RECV;
}

/* The send in flight's remaining bytes; the stream offset decides where in the pattern they start. */
static void submit_send(int i) {
    conn *c = &conns[i];
    struct io_uring_sqe *sqe = sqe_get();
    unsigned off = (unsigned) ((c->sent_bytes + c->send_done) % size);
    io_uring_prep_send(sqe, c->fd, sendbuf + off, c->send_len - c->send_done, MSG_NOSIGNAL);
    sqe->user_data = ((uint64_t) i << 2) | OP_SEND;
}

static void maybe_send(int i) {
    conn *c = &conns[i];
    if (c->send_in_flight || c->to_send == 0) return;
    uint64_t k = c->to_send < MAX_COALESCE ? c->to_send : MAX_COALESCE;
    c->to_send -= k;
    c->send_in_flight = 1;
    c->send_len = (unsigned) (k * size);
    c->send_done = 0;
    submit_send(i);
}

/* A message starts (its clock runs from `at`): queued to send. Returns 0 if its FIFO is full. */
static int start_message(int i, uint64_t at) {
    conn *c = &conns[i];
    if (c->count == c->cap) return 0;
    c->stamps[(c->head + c->count) % c->cap] = at;
    c->count++;
    c->to_send++;
    maybe_send(i);
    return 1;
}

static void check_bytes(conn *c, const unsigned char *data, unsigned n) {
    /* first and last byte of every chunk: cheap, and catches a lost, doubled or foreign chunk */
    if (data[0] != pattern(c->recv_bytes % size) || data[n - 1] != pattern((c->recv_bytes + n - 1) % size)) {
        fprintf(stderr, "echo_load: connection %d received bytes that were not sent (at stream offset %llu)\n",
                c->fd, (unsigned long long) c->recv_bytes);
        exit(1);
    }
}

/* Bytes echoed: each message whose last byte arrived completes; the closed loop starts the next. */
static void received(int i, const unsigned char *data, unsigned n, int closed_loop, uint64_t now) {
    conn *c = &conns[i];
    check_bytes(c, data, n);
    uint64_t before = c->recv_bytes / size;
    c->recv_bytes += n;
    if (c->recv_bytes > c->sent_bytes) {
        fprintf(stderr, "echo_load: connection %d received %llu bytes but sent only %llu\n", c->fd,
                (unsigned long long) c->recv_bytes, (unsigned long long) c->sent_bytes);
        exit(1);
    }
    uint64_t done = c->recv_bytes / size - before;
    for (uint64_t k = 0; k < done; k++) {
        uint64_t at = c->stamps[c->head];
        c->head = (c->head + 1) % c->cap;
        c->count--;
        hist.counts[hist_index(now - at)]++;
        hist.total++;
        msgs++;
        if (closed_loop) start_message(i, now);
    }
}

static void recycle(int bid) {
    io_uring_buf_ring_add(br, bufs + (size_t) bid * bufsize, bufsize, (unsigned short) bid, io_uring_buf_ring_mask(nbufs), 0);
    io_uring_buf_ring_advance(br, 1);
}

/* Reaps every completion ready; returns how many. */
static unsigned reap(int closed_loop) {
    struct io_uring_cqe *cqe;
    unsigned head, seen = 0;
    uint64_t now = now_ns();
    io_uring_for_each_cqe(&ring, head, cqe) {
        seen++;
        int i = (int) (cqe->user_data >> 2);
        conn *c = &conns[i];
        if ((cqe->user_data & 3) == OP_SEND) {
            if (cqe->res < 0) fail("send", -cqe->res);
            c->send_done += (unsigned) cqe->res;
            if (c->send_done < c->send_len) {
                submit_send(i);
            } else {
                c->sent_bytes += c->send_len;
                c->send_in_flight = 0;
                maybe_send(i);
            }
            continue;
        }
        if (cqe->res == -ENOBUFS) {
            if (!(cqe->flags & IORING_CQE_F_MORE)) arm_recv(i); /* buffers come back as this loop recycles them */
            continue;
        }
        if (cqe->res < 0) fail("recv", -cqe->res);
        if (cqe->res == 0) {
            fprintf(stderr, "echo_load: the server closed connection %d\n", i);
            exit(1);
        }
        int bid = (int) (cqe->flags >> IORING_CQE_BUFFER_SHIFT);
        received(i, bufs + (size_t) bid * bufsize, (unsigned) cqe->res, closed_loop, now);
        recycle(bid);
        if (!(cqe->flags & IORING_CQE_F_MORE)) arm_recv(i);
    }
    io_uring_cq_advance(&ring, seen);
    return seen;
}

static int connect_one(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) fail("socket", errno);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct linger lg = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int attempt = 0;; attempt++) {
        if (connect(fd, (struct sockaddr *) &a, sizeof a) == 0) return fd;
        if (errno != EINTR || attempt > 100) fail("connect", errno);
    }
}

static void on_signal(int sig) {
    if (sig == SIGUSR1) go = 1;
    else stop = 1;
}

/* The count of raw_syscalls:sys_enter in perf stat's CSV output, or -1. */
static long long perf_count(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[512];
    long long n = -1;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "raw_syscalls:sys_enter")) n = strtoll(line, NULL, 10);
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv) {
    int port = 0, depth = 1, reps = 3, server_pid = 0, idle = 0, hold = 0, opt;
    double rate = 0, warmup = 1, seconds = 2, perf_seconds = 0;
    const char *group = "net", *label = "server";
    nconns = 1;
    size = 64;
    while ((opt = getopt(argc, argv, "P:c:m:d:r:w:t:n:p:S:g:l:IH")) != -1) {
        switch (opt) {
            case 'P': port = atoi(optarg); break;
            case 'c': nconns = atoi(optarg); break;
            case 'm': size = (unsigned) atoi(optarg); break;
            case 'd': depth = atoi(optarg); break;
            case 'r': rate = atof(optarg); break;
            case 'w': warmup = atof(optarg); break;
            case 't': seconds = atof(optarg); break;
            case 'n': reps = atoi(optarg); break;
            case 'p': server_pid = atoi(optarg); break;
            case 'S': perf_seconds = atof(optarg); break;
            case 'g': group = optarg; break;
            case 'l': label = optarg; break;
            case 'I': idle = 1; break;
            case 'H': hold = 1; break;
            default: fprintf(stderr, "usage: see the comment at the top of echo_load.c\n"); return 2;
        }
    }
    if (port <= 0 || nconns < 1 || size < 1 || depth < 1) {
        fprintf(stderr, "echo_load: -P PORT, -c CONNS >= 1, -m SIZE >= 1 and -d DEPTH >= 1 are required\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGUSR1, on_signal);

    conns = calloc((size_t) nconns, sizeof(conn));
    for (int i = 0; i < nconns; i++) {
        conns[i].fd = connect_one(port);
        conns[i].cap = rate > 0 ? 256 : (unsigned) depth;
        conns[i].stamps = calloc(conns[i].cap, sizeof(uint64_t));
    }
    if (idle || hold) {
        /* idle: on standard output; hold: on standard error, with the pid to signal (the results go to standard output) */
        if (idle) printf("connected %d\n", nconns);
        else fprintf(stderr, "connected %d pid %d\n", nconns, (int) getpid());
        fflush(idle ? stdout : stderr);
        while (!stop && (idle || !go)) pause();
        if (idle || stop) return 0;
    }

    /* The send buffer: the pattern, long enough for MAX_COALESCE messages from any offset in one. */
    sendbuf = malloc((size_t) size * (MAX_COALESCE + 1));
    for (size_t k = 0; k < (size_t) size * (MAX_COALESCE + 1); k++) sendbuf[k] = pattern(k % size);

    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
    p.cq_entries = 65536;
    int r = io_uring_queue_init_params(4096, &ring, &p);
    if (r < 0) fail("io_uring_queue_init_params", -r);

    bufsize = size < 4096 ? 4096 : size > 65536 ? 65536 : size;
    nbufs = 4096;
    size_t ring_bytes = (size_t) nbufs * sizeof(struct io_uring_buf);
    br = mmap(NULL, ring_bytes, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    if (br == MAP_FAILED) fail("mmap", errno);
    io_uring_buf_ring_init(br);
    struct io_uring_buf_reg reg = {.ring_addr = (unsigned long) br, .ring_entries = nbufs, .bgid = BGID};
    r = io_uring_register_buf_ring(&ring, &reg, 0);
    if (r < 0) fail("io_uring_register_buf_ring", -r);
    bufs = malloc((size_t) nbufs * bufsize);
    for (unsigned b = 0; b < nbufs; b++) {
        io_uring_buf_ring_add(br, bufs + (size_t) b * bufsize, bufsize, (unsigned short) b, io_uring_buf_ring_mask(nbufs), (int) b);
    }
    io_uring_buf_ring_advance(br, (int) nbufs);

    int closed_loop = rate <= 0;
    for (int i = 0; i < nconns; i++) arm_recv(i);
    uint64_t start = now_ns();
    if (closed_loop) {
        for (int i = 0; i < nconns; i++)
            for (int k = 0; k < depth; k++) start_message(i, start);
    }
    double interval = closed_loop ? 0 : 1e9 / rate;
    double next_due = (double) start;
    uint64_t rr = 0;

    int windows = reps + 1 + (perf_seconds > 0 && server_pid > 0 ? 1 : 0);
    for (int w = 0; w < windows && !stop; w++) {
        int perf_window = w == reps + 1;
        double len = w == 0 ? warmup : perf_window ? perf_seconds : seconds;
        memset(&hist, 0, sizeof hist);
        msgs = 0;
        late = 0;
        char perf_out[64];
        pid_t perf = 0;
        if (perf_window) {
            snprintf(perf_out, sizeof perf_out, "/tmp/echo_load-perf-%d.csv", (int) getpid());
            char pidarg[16], secs[32];
            snprintf(pidarg, sizeof pidarg, "%d", server_pid);
            snprintf(secs, sizeof secs, "%.3f", perf_seconds);
            perf = fork();
            if (perf == 0) {
                execlp("perf", "perf", "stat", "-x", ",", "-e", "raw_syscalls:sys_enter", "-p", pidarg, "-o", perf_out,
                       "--", "sleep", secs, (char *) NULL);
                _exit(127);
            }
        }
        uint64_t c0 = self_cpu_ns(), t0 = now_ns();
        int64_t s0 = proc_cpu_ns(server_pid);
        uint64_t end = t0 + (uint64_t) (len * 1e9);
        for (;;) {
            uint64_t now = now_ns();
            if (perf_window ? waitpid(perf, NULL, WNOHANG) == perf : now >= end) break;
            if (stop) break;
            if (!closed_loop) {
                while (next_due <= (double) now) {
                    int i = (int) (rr++ % (uint64_t) nconns);
                    if ((double) now - next_due >= 1e6) late++;
                    if (!start_message(i, (uint64_t) next_due)) late++; /* its FIFO is full: counted, not sent */
                    next_due += interval;
                }
            }
            uint64_t wait = closed_loop ? 1000000 : (uint64_t) (next_due - (double) now);
            if (wait > 50000 || closed_loop) {
                struct __kernel_timespec ts = {.tv_sec = 0, .tv_nsec = (long long) (wait < 1000000 ? wait : 1000000)};
                struct io_uring_cqe *cqe;
                r = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, &ts, NULL);
                if (r < 0 && r != -ETIME && r != -EINTR && r != -EAGAIN && r != -EBUSY) fail("io_uring_submit_and_wait_timeout", -r);
            } else {
                r = io_uring_submit_and_get_events(&ring);
                if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) fail("io_uring_submit_and_get_events", -r);
            }
            reap(closed_loop);
        }
        uint64_t elapsed = now_ns() - t0, cpu = self_cpu_ns() - c0;
        int64_t s1 = proc_cpu_ns(server_pid);
        if (w == 0) continue;
        if (perf_window) {
            long long n = perf_count(perf_out);
            unlink(perf_out);
            printf("sys\t%s\t%s\t%d\t%u\t%lld\t%llu\t%.6f\n", group, label, nconns, size, n, (unsigned long long) msgs, elapsed / 1e9);
        } else {
            printf("win\t%s\t%s\t%d\t%u\t%d\t%.0f\t%d\t%llu\t%.6f\t%llu\t%lld\t%llu\t%llu\t%llu\t%llu\n", group, label, nconns, size, depth,
                   rate, w, (unsigned long long) msgs, elapsed / 1e9, (unsigned long long) cpu,
                   (long long) (s0 < 0 || s1 < 0 ? -1 : s1 - s0), (unsigned long long) hist_quantile(&hist, 0.5),
                   (unsigned long long) hist_quantile(&hist, 0.99), (unsigned long long) hist_quantile(&hist, 0.999),
                   (unsigned long long) late);
        }
        fflush(stdout);
    }
    for (int i = 0; i < nconns; i++) close(conns[i].fd);
    return 0;
}
