/*
 * echo_uring: the machine's limit for the networking benchmark's servers, an io_uring echo server
 * in C on one thread (research networking.md 6.1: the fastest variant measured here).
 *
 * One ring (SINGLE_ISSUER | DEFER_TASKRUN, a large completion queue), a multishot accept on the
 * listener, and per connection a 64 KiB buffer: RECV into it, SEND what arrived (again after a
 * short send), RECV again. One io_uring_submit_and_wait per turn submits everything the turn
 * prepared. A connection closes on the end of its stream or an error (a reset by the client).
 *
 * Usage: echo_uring PORT (0: any free port). Prints "listening PORT" once it accepts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536
#define OP_ACCEPT 0ull
#define OP_RECV 1ull
#define OP_SEND 2ull

typedef struct {
    unsigned char *buf;
    unsigned len, done;
} conn;

static struct io_uring ring;
static conn *conns;
static int max_fds;

static void fail(const char *what, int err) {
    fprintf(stderr, "echo_uring: %s: %s\n", what, strerror(err));
    exit(1);
}

static struct io_uring_sqe *sqe_get(void) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
    if (!sqe) {
        io_uring_submit(&ring);
        sqe = io_uring_get_sqe(&ring);
        if (!sqe) fail("io_uring_get_sqe", EBUSY);
    }
    return sqe;
}

static void arm_accept(int listener) {
    struct io_uring_sqe *sqe = sqe_get();
    io_uring_prep_multishot_accept(sqe, listener, NULL, NULL, SOCK_CLOEXEC);
    sqe->user_data = ((uint64_t) listener << 2) | OP_ACCEPT;
}

static void recv_into(int fd) {
    struct io_uring_sqe *sqe = sqe_get();
    io_uring_prep_recv(sqe, fd, conns[fd].buf, BUF, 0);
    sqe->user_data = ((uint64_t) fd << 2) | OP_RECV;
}

static void send_rest(int fd) {
    conn *c = &conns[fd];
    struct io_uring_sqe *sqe = sqe_get();
    io_uring_prep_send(sqe, fd, c->buf + c->done, c->len - c->done, MSG_NOSIGNAL);
    sqe->user_data = ((uint64_t) fd << 2) | OP_SEND;
}

static void drop(int fd) {
    free(conns[fd].buf);
    conns[fd].buf = NULL;
    close(fd);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: echo_uring PORT\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    max_fds = (int) rl.rlim_cur;
    conns = calloc((size_t) max_fds, sizeof(conn));

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &a, sizeof a) != 0) fail("bind", errno);
    if (listen(listener, 4096) != 0) fail("listen", errno);
    socklen_t alen = sizeof a;
    getsockname(listener, (struct sockaddr *) &a, &alen);

    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
    p.cq_entries = 65536;
    int r = io_uring_queue_init_params(4096, &ring, &p);
    if (r < 0) fail("io_uring_queue_init_params", -r);
    arm_accept(listener);
    printf("listening %d\n", ntohs(a.sin_port));
    fflush(stdout);

    for (;;) {
        r = io_uring_submit_and_wait(&ring, 1);
        if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) fail("io_uring_submit_and_wait", -r);
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(&ring, head, cqe) {
            seen++;
            int fd = (int) (cqe->user_data >> 2);
            switch (cqe->user_data & 3) {
                case OP_ACCEPT:
                    if (cqe->res >= 0) {
                        int c = cqe->res;
                        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                        conns[c].buf = malloc(BUF);
                        recv_into(c);
                    } else if (cqe->res != -EINTR && cqe->res != -ECONNABORTED && cqe->res != -EMFILE && cqe->res != -ENFILE) {
                        fail("accept", -cqe->res);
                    }
                    if (!(cqe->flags & IORING_CQE_F_MORE)) arm_accept(fd);
                    break;
                case OP_RECV:
                    if (cqe->res <= 0) {
                        drop(fd);
                    } else {
                        conns[fd].len = (unsigned) cqe->res;
                        conns[fd].done = 0;
                        send_rest(fd);
                    }
                    break;
                case OP_SEND:
                    if (cqe->res < 0) {
                        drop(fd);
                    } else {
                        conns[fd].done += (unsigned) cqe->res;
                        if (conns[fd].done < conns[fd].len) send_rest(fd);
                        else recv_into(fd);
                    }
                    break;
            }
        }
        io_uring_cq_advance(&ring, seen);
    }
}
