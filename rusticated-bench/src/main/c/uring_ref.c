/*
 * The machine's limit for rusticated's read benchmarks: the same reads, the same offsets and the
 * same measurement as io.rusticated.bench.Harness, written in C.
 *
 *   uring  liburing, one ring per thread (IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN), DEPTH reads
 *          in flight, each reissued as its completion is reaped; one io_uring_submit_and_wait per
 *          turn submits the reissued reads and waits for the next completion.
 *   pread  a plain blocking pread(2) loop per thread (depth 1).
 *
 * Usage: uring_ref FILE rand|seq BS DEPTH uring|pread DIRECT(0|1) THREADS WARMUP_S SECONDS REPS GROUP LABEL
 * Prints one tab-separated line per measured window (see ResultLine.java):
 *   group contender threads depth rep ops seconds bs thread_cpu_ns process_cpu_ns p50_ns p99_ns
 * Thread CPU is getrusage(RUSAGE_THREAD) summed over the reader threads; process CPU is
 * getrusage(RUSAGE_SELF), which includes io_uring's kernel workers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SUB_BITS 6
#define SUB (1 << SUB_BITS)
#define BUCKETS ((64 - SUB_BITS) * SUB + SUB)

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

static uint64_t cpu_ns(int who) {
    struct rusage ru;
    getrusage(who, &ru);
    return (uint64_t) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ull
         + (uint64_t) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

/* The same offsets as Offsets.java/Spec.java. */
typedef struct {
    uint64_t blocks, state, next;
    int bs, random;
} offsets;

static void offsets_init(offsets *o, uint64_t size, int bs, int random, int index) {
    o->blocks = size / (uint64_t) bs;
    o->bs = bs;
    o->random = random;
    o->state = random ? 0x5EEDull + 7919ull * (uint64_t) index : 0x9E3779B97F4A7C15ull;
    o->next = random ? 0 : (o->blocks / 2) * (uint64_t) index % o->blocks;
}

static uint64_t offsets_next(offsets *o) {
    if (o->random) {
        uint64_t x = o->state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        o->state = x;
        return ((x * 0x2545F4914F6CDD1Dull) % o->blocks) * (uint64_t) o->bs;
    }
    uint64_t at = o->next * (uint64_t) o->bs;
    o->next = o->next + 1 == o->blocks ? 0 : o->next + 1;
    return at;
}

typedef struct {
    int index;
    const char *path;
    uint64_t size;
    int bs, depth, random, direct, use_uring;
    pthread_barrier_t *start, *end;
    volatile int *closing;
    volatile uint64_t *deadline;
    histogram hist;
    uint64_t ops, cpu;
} worker;

static void fail(const char *what, int err) {
    fprintf(stderr, "uring_ref: %s: %s\n", what, strerror(err));
    exit(1);
}

static void run_pread(worker *w, int fd, offsets *o, char *buf) {
    uint64_t deadline = *w->deadline, now = now_ns();
    while (now < deadline) {
        ssize_t n = pread(fd, buf, (size_t) w->bs, (off_t) offsets_next(o));
        uint64_t end = now_ns();
        if (n != w->bs) fail("pread", n < 0 ? errno : EIO);
        w->hist.counts[hist_index(end - now)]++;
        w->hist.total++;
        w->ops++;
        now = end;
    }
}

static void run_uring(worker *w, struct io_uring *ring, int fd, offsets *o, char **bufs, uint64_t *issued) {
    uint64_t deadline = *w->deadline;
    int in_flight = 0;
    for (int s = 0; s < w->depth; s++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
        io_uring_prep_read(sqe, fd, bufs[s], (unsigned) w->bs, offsets_next(o));
        sqe->user_data = (uint64_t) s;
        issued[s] = now_ns();
        in_flight++;
    }
    while (in_flight > 0) {
        int r = io_uring_submit_and_wait(ring, 1);
        if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) fail("io_uring_submit_and_wait", -r);
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(ring, head, cqe) {
            seen++;
            int s = (int) cqe->user_data;
            if (cqe->res != w->bs) fail("read", cqe->res < 0 ? -cqe->res : EIO);
            uint64_t now = now_ns();
            w->hist.counts[hist_index(now - issued[s])]++;
            w->hist.total++;
            w->ops++;
            in_flight--;
            if (now < deadline) {
                struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
                io_uring_prep_read(sqe, fd, bufs[s], (unsigned) w->bs, offsets_next(o));
                sqe->user_data = (uint64_t) s;
                issued[s] = now;
                in_flight++;
            }
        }
        io_uring_cq_advance(ring, seen);
    }
}

static void *work(void *arg) {
    worker *w = arg;
    int fd = open(w->path, O_RDONLY | O_CLOEXEC | (w->direct ? O_DIRECT : 0));
    if (fd < 0) fail(w->path, errno);
    offsets o;
    offsets_init(&o, w->size, w->bs, w->random, w->index);
    char **bufs = calloc((size_t) w->depth, sizeof(char *));
    uint64_t *issued = calloc((size_t) w->depth, sizeof(uint64_t));
    for (int i = 0; i < w->depth; i++) {
        if (posix_memalign((void **) &bufs[i], 4096, (size_t) w->bs)) fail("posix_memalign", ENOMEM);
        memset(bufs[i], 0, (size_t) w->bs);
    }
    struct io_uring ring;
    if (w->use_uring) {
        struct io_uring_params p;
        memset(&p, 0, sizeof p);
        p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
        p.cq_entries = 512;
        int r = io_uring_queue_init_params(256, &ring, &p);
        if (r < 0) fail("io_uring_queue_init_params(SINGLE_ISSUER|DEFER_TASKRUN)", -r);
    }
    for (;;) {
        pthread_barrier_wait(w->start);
        if (*w->closing) break;
        memset(&w->hist, 0, sizeof w->hist);
        w->ops = 0;
        uint64_t c0 = cpu_ns(RUSAGE_THREAD);
        if (w->use_uring) run_uring(w, &ring, fd, &o, bufs, issued);
        else run_pread(w, fd, &o, bufs[0]);
        w->cpu = cpu_ns(RUSAGE_THREAD) - c0;
        pthread_barrier_wait(w->end);
    }
    if (w->use_uring) io_uring_queue_exit(&ring);
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 13) {
        fprintf(stderr, "usage: %s FILE rand|seq BS DEPTH uring|pread DIRECT THREADS WARMUP_S SECONDS REPS GROUP LABEL\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    int random = strcmp(argv[2], "rand") == 0;
    int bs = atoi(argv[3]), depth = atoi(argv[4]);
    int use_uring = strcmp(argv[5], "uring") == 0;
    int direct = atoi(argv[6]), threads = atoi(argv[7]);
    double warmup = atof(argv[8]), seconds = atof(argv[9]);
    int reps = atoi(argv[10]);
    const char *group = argv[11], *label = argv[12];
    if (!use_uring) depth = 1;
    struct stat st;
    if (stat(path, &st) != 0) fail(path, errno);

    pthread_barrier_t start, end;
    pthread_barrier_init(&start, NULL, (unsigned) threads + 1);
    pthread_barrier_init(&end, NULL, (unsigned) threads + 1);
    volatile int closing = 0;
    volatile uint64_t deadline = 0;
    worker *ws = calloc((size_t) threads, sizeof(worker));
    pthread_t *ts = calloc((size_t) threads, sizeof(pthread_t));
    for (int i = 0; i < threads; i++) {
        ws[i] = (worker) {.index = i, .path = path, .size = (uint64_t) st.st_size, .bs = bs, .depth = depth, .random = random,
                          .direct = direct, .use_uring = use_uring, .start = &start, .end = &end, .closing = &closing, .deadline = &deadline};
        pthread_create(&ts[i], NULL, work, &ws[i]);
    }
    histogram *all = malloc(sizeof(histogram));
    for (int rep = 0; rep <= reps; rep++) {
        deadline = now_ns() + (uint64_t) ((rep == 0 ? warmup : seconds) * 1e9);
        uint64_t p0 = cpu_ns(RUSAGE_SELF), t0 = now_ns();
        pthread_barrier_wait(&start);
        pthread_barrier_wait(&end);
        uint64_t elapsed = now_ns() - t0, proc = cpu_ns(RUSAGE_SELF) - p0;
        if (rep == 0) continue; /* warm-up */
        memset(all, 0, sizeof *all);
        uint64_t ops = 0, cpu = 0;
        for (int i = 0; i < threads; i++) {
            for (int b = 0; b < BUCKETS; b++) all->counts[b] += ws[i].hist.counts[b];
            all->total += ws[i].hist.total;
            ops += ws[i].ops;
            cpu += ws[i].cpu;
        }
        printf("%s\t%s\t%d\t%d\t%d\t%llu\t%.6f\t%d\t%llu\t%llu\t%llu\t%llu\n", group, label, threads, depth, rep,
               (unsigned long long) ops, elapsed / 1e9, bs, (unsigned long long) cpu, (unsigned long long) proc,
               (unsigned long long) hist_quantile(all, 0.5), (unsigned long long) hist_quantile(all, 0.99));
        fflush(stdout);
    }
    closing = 1;
    pthread_barrier_wait(&start);
    for (int i = 0; i < threads; i++) pthread_join(ts[i], NULL);
    return 0;
}
