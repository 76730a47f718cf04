/*
 * echo_epoll: the readiness baseline of the networking benchmark, an epoll echo server in C on one
 * thread: level-triggered epoll, non-blocking sockets, a 64 KiB buffer per connection; a readable
 * connection is read once and what arrived written back; what the socket does not take at once
 * waits for EPOLLOUT (reading pauses meanwhile). A connection closes on the end of its stream or
 * an error (a reset by the client).
 *
 * Usage: echo_epoll PORT (0: any free port). Prints "listening PORT" once it accepts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536

typedef struct {
    unsigned char *buf;
    unsigned len, done;
} conn;

static conn *conns;
static int ep;

static void fail(const char *what, int err) {
    fprintf(stderr, "echo_epoll: %s: %s\n", what, strerror(err));
    exit(1);
}

static void drop(int fd) {
    free(conns[fd].buf);
    conns[fd].buf = NULL;
    close(fd); /* also leaves the epoll set */
}

static void watch(int fd, uint32_t events, int op) {
    struct epoll_event e = {.events = events, .data.fd = fd};
    if (epoll_ctl(ep, op, fd, &e) != 0) fail("epoll_ctl", errno);
}

/* Writes what is pending; returns 1 when all of it went out, 0 when the socket is full, -1 on error. */
static int flush(int fd) {
    conn *c = &conns[fd];
    while (c->done < c->len) {
        ssize_t n = send(fd, c->buf + c->done, c->len - c->done, MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN ? 0 : -1;
        c->done += (unsigned) n;
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: echo_epoll PORT\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    conns = calloc(rl.rlim_cur, sizeof(conn));

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &a, sizeof a) != 0) fail("bind", errno);
    if (listen(listener, 4096) != 0) fail("listen", errno);
    socklen_t alen = sizeof a;
    getsockname(listener, (struct sockaddr *) &a, &alen);
    ep = epoll_create1(EPOLL_CLOEXEC);
    watch(listener, EPOLLIN, EPOLL_CTL_ADD);
    printf("listening %d\n", ntohs(a.sin_port));
    fflush(stdout);

    struct epoll_event events[512];
    for (;;) {
        int n = epoll_wait(ep, events, 512, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("epoll_wait", errno);
        }
        for (int k = 0; k < n; k++) {
            int fd = events[k].data.fd;
            if (fd == listener) {
                for (;;) {
                    int c = accept4(listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                    if (c < 0) break; /* EAGAIN, or out of descriptors until some close */
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conns[c].buf = malloc(BUF);
                    conns[c].len = conns[c].done = 0;
                    watch(c, EPOLLIN, EPOLL_CTL_ADD);
                }
                continue;
            }
            conn *c = &conns[fd];
            if (c->buf == NULL) continue; /* closed earlier in this batch */
            if (c->done < c->len) {       /* EPOLLOUT: the rest of a write */
                int w = flush(fd);
                if (w < 0) drop(fd);
                else if (w == 1) watch(fd, EPOLLIN, EPOLL_CTL_MOD);
                continue;
            }
            ssize_t r = recv(fd, c->buf, BUF, 0);
            if (r == 0 || (r < 0 && errno != EAGAIN)) {
                drop(fd);
                continue;
            }
            if (r < 0) continue;
            c->len = (unsigned) r;
            c->done = 0;
            int w = flush(fd);
            if (w < 0) drop(fd);
            else if (w == 0) watch(fd, EPOLLOUT, EPOLL_CTL_MOD);
        }
    }
}
