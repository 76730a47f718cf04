// runstat: runs a command once and appends one line to OUT (stderr without -o):
//   wall_ns maxrss_kib user_us sys_us peak_threads exit_status
// maxrss, user and sys come from wait4's rusage of the child (its peak resident set, and the CPU of
// all its threads). With -t, peak_threads is the most threads /proc/PID/status showed, sampled
// every millisecond while the child runs (the sampling costs this process some CPU, so timed runs
// go without -t); without -t it is 0. stdin, stdout and stderr are the child's.
//
//   runstat [-o OUT] [-t] program [args...]
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

static long threads_of(pid_t pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    long n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Threads:", 8) == 0) { n = strtol(line + 8, NULL, 10); break; }
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv) {
    int sample = 0, opt;
    const char *out = NULL;
    while ((opt = getopt(argc, argv, "+to:")) != -1) {
        if (opt == 't') sample = 1;
        else if (opt == 'o') out = optarg;
        else return 64;
    }
    int first = optind;
    if (argc <= first) { fprintf(stderr, "usage: runstat [-o OUT] [-t] program [args...]\n"); return 64; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 71; }
    if (pid == 0) {
        execvp(argv[first], argv + first);
        perror(argv[first]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    long peak = 0;
    for (;;) {
        pid_t r = wait4(pid, &status, sample ? WNOHANG : 0, &ru);
        if (r == pid) break;
        if (r < 0) { perror("wait4"); return 71; }
        long n = threads_of(pid);
        if (n > peak) peak = n;
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long wall = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    FILE *o = out ? fopen(out, "a") : stderr;
    if (!o) { perror(out); return 73; }
    fprintf(o, "%lld %ld %lld %lld %ld %d\n", wall, ru.ru_maxrss,
            (long long) ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
            (long long) ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, peak,
            WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    if (o != stderr) fclose(o);
    return 0;
}
