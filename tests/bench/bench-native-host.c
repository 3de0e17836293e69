/* Host-side throughput of contactcore-native-host through pipes.
 *
 * Starts the host as a browser does (pipes on stdin and stdout, the
 * caller's origin as argv[1]; a configuration with the engine on an
 * in-memory store and no demo), waits for the answer to a first "hello",
 * then streams N requests of one kind and reads the N replies, writing and
 * reading at the same time (poll(2)), so the host is never waiting for the
 * benchmark: messages per second are the host's.  Each kind runs in a
 * fresh host process; its CPU time (user + system, getrusage of the
 * waited-for child) minus that of a process that only answered "hello" is
 * divided by N: the host's CPU per message, framing, JSON and system calls
 * included.  The last row is one request at a time (each sent after the
 * previous reply arrived): the round trip through the pipes, as a
 * connectNative port uses the host.  No assertions.  Besides its table it
 * prints "# result:" lines for scripts/bench (bench-result.h).
 *
 *   bench-native-host [HOST_EXE] [N_SMALL] [N_LARGE]
 *
 * HOST_EXE defaults to the build's examples/native-host/contactcore-native-host;
 * N_SMALL (default 200000) small messages, N_LARGE (default 5000) 64 KB ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-result.h"

#ifndef NATIVE_HOST_EXE
#define NATIVE_HOST_EXE "contactcore-native-host"
#endif

#define ORIGIN "chrome-extension://benchbenchbenchbenchbenchbenchbe/"

typedef struct host {
    pid_t pid;
    int to, from; /* our ends */
} host;

static char config_path[4096];
static char tmp_dir[256];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct cpu {
    double user, sys;
} cpu;

static cpu children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    cpu c = {(double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6};
    return c;
}

static void die(const char *what)
{
    fprintf(stderr, "bench-native-host: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void spawn(host *h, const char *exe)
{
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(exe, exe, "--config", config_path, ORIGIN, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    h->pid = pid;
    h->to = in[1];
    h->from = out[0];
}

/* Waits for the host to exit after its stdin closed; its CPU seconds. */
static cpu finish(host *h)
{
    close(h->to);
    char buf[4096];
    while (read(h->from, buf, sizeof buf) > 0) /* events, if any */
        ;
    close(h->from);
    cpu before = children_cpu();
    int status = 0;
    if (waitpid(h->pid, &status, 0) < 0)
        die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "bench-native-host: the host ended with status %d\n", status);
    cpu after = children_cpu();
    cpu d = {after.user - before.user, after.sys - before.sys};
    return d;
}

/* A request frame: the 32-bit length, then the JSON. */
static char *make_frame(const char *json, size_t *len)
{
    size_t n = strlen(json);
    char *f = malloc(n + 4);
    if (!f)
        die("malloc");
    uint32_t l = (uint32_t)n;
    memcpy(f, &l, 4);
    memcpy(f + 4, json, n);
    *len = n + 4;
    return f;
}

/* Reads replies until `want` whole ones arrived; 1 when the first one is a
 * result. */
typedef struct reader {
    unsigned char hdr[4];
    size_t hdr_got, body_left;
    size_t done, bytes;
    int first_ok, first_seen;
    char first[64];
    size_t first_len;
} reader;

static void consume(reader *r, const unsigned char *p, size_t n)
{
    r->bytes += n;
    while (n > 0) {
        if (r->body_left == 0 && r->hdr_got < 4) {
            r->hdr[r->hdr_got++] = *p++;
            n--;
            if (r->hdr_got == 4) {
                uint32_t l;
                memcpy(&l, r->hdr, 4);
                r->body_left = l;
                if (l == 0) {
                    r->done++;
                    r->hdr_got = 0;
                }
            }
            continue;
        }
        size_t take = n < r->body_left ? n : r->body_left;
        if (!r->first_seen && r->first_len < sizeof r->first - 1) {
            size_t c = take < sizeof r->first - 1 - r->first_len ? take
                                                                 : sizeof r->first - 1 - r->first_len;
            memcpy(r->first + r->first_len, p, c);
            r->first_len += c;
        }
        p += take;
        n -= take;
        r->body_left -= take;
        if (r->body_left == 0) {
            r->done++;
            r->hdr_got = 0;
            if (!r->first_seen) {
                r->first[r->first_len] = '\0';
                r->first_ok = strstr(r->first, "\"result\"") != NULL;
                r->first_seen = 1;
            }
        }
    }
}

/* Sends `count` copies of a frame and reads as many replies, both at once
 * (pipelined) or one after the other.  Returns the wall seconds. */
static double stream(host *h, const char *frame, size_t flen, size_t count, int lockstep,
                     int *first_ok, size_t *received)
{
    static unsigned char in[1 << 20];
    /* A chunk of whole frames to write cyclically. */
    size_t per = lockstep ? 1 : (262144 / flen > 0 ? 262144 / flen : 1);
    if (per > count)
        per = count ? count : 1;
    size_t clen = per * flen;
    char *chunk = malloc(clen);
    if (!chunk)
        die("malloc");
    for (size_t i = 0; i < per; i++)
        memcpy(chunk + i * flen, frame, flen);
    fcntl(h->to, F_SETFL, fcntl(h->to, F_GETFL) | O_NONBLOCK);
    reader r;
    memset(&r, 0, sizeof r);
    size_t total = count * flen, sent = 0;
    double t0 = now_s();
    while (r.done < count) {
        /* lockstep: the next request only after the previous reply */
        int may_write = sent < total && (!lockstep || sent / flen == r.done);
        struct pollfd p[2] = {{h->from, POLLIN, 0}, {h->to, may_write ? POLLOUT : 0, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (p[1].revents & (POLLOUT | POLLERR)) {
            size_t pos = sent % clen, n = clen - pos;
            if (n > total - sent)
                n = total - sent;
            if (lockstep)
                n = flen - sent % flen;
            ssize_t w = write(h->to, chunk + pos, n);
            if (w < 0 && errno != EAGAIN)
                die("write to the host");
            if (w > 0)
                sent += (size_t)w;
        }
        if (p[0].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(h->from, in, sizeof in);
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                die("read from the host");
            if (n == 0) {
                fprintf(stderr, "bench-native-host: the host closed stdout after %zu replies\n",
                        r.done);
                exit(1);
            }
            if (n > 0)
                consume(&r, in, (size_t)n);
        }
    }
    double t = now_s() - t0;
    fcntl(h->to, F_SETFL, fcntl(h->to, F_GETFL) & ~O_NONBLOCK);
    free(chunk);
    *first_ok = r.first_ok;
    if (received)
        *received = r.bytes;
    return t;
}

typedef struct phase {
    const char *name, *id;
    char *json;
    size_t count;
    int lockstep;
    double rate, cpu_us; /* measured: messages/s, host CPU µs per message */
} phase;

static char *printf_alloc(const char *prefix, size_t pad, char fill, const char *suffix)
{
    size_t a = strlen(prefix), b = strlen(suffix);
    char *s = malloc(a + pad + b + 1);
    if (!s)
        die("malloc");
    memcpy(s, prefix, a);
    memset(s + a, fill, pad);
    memcpy(s + a + pad, suffix, b + 1);
    return s;
}

int main(int argc, char **argv)
{
    const char *exe = argc > 1 ? argv[1] : NATIVE_HOST_EXE;
    size_t n_small = argc > 2 ? strtoul(argv[2], NULL, 10) : 200000;
    size_t n_large = argc > 3 ? strtoul(argv[3], NULL, 10) : 5000;
    signal(SIGPIPE, SIG_IGN);

    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/bench-native-host-XXXXXX");
    if (!mkdtemp(tmp_dir))
        die("mkdtemp");
    snprintf(config_path, sizeof config_path, "%s/native-host.json", tmp_dir);
    FILE *f = fopen(config_path, "w");
    if (!f)
        die(config_path);
    fprintf(f, "{\"backend\": \"engine\", \"store\": \":memory:\", \"demo\": true,\n"
               " \"allowed_origins\": [\"%s\"], \"max_request_bytes\": 1048576}\n",
            ORIGIN);
    fclose(f);

    /* 64 KB: a 65,536-byte text (GSM-7 for text.measure) */
    const size_t big = 65536;
    phase phases[] = {
        {"ping, small", "ping-small",
         printf_alloc("{\"id\":1,\"method\":\"ping\",\"params\":{\"data\":\"", 5, 'x', "\"}}"),
         n_small, 0, 0, 0},
        {"ping, 64 KB echoed", "ping-64k",
         printf_alloc("{\"id\":1,\"method\":\"ping\",\"params\":{\"data\":\"", big, 'x', "\"}}"),
         n_large, 0, 0, 0},
        {"text.measure, small", "measure-small",
         printf_alloc("{\"id\":1,\"method\":\"text.measure\",\"params\":"
                      "{\"text\":\"Your callback is at 10:00 \xe2\x82\xac",
                      0, 'x', "\"}}"),
         n_small, 0, 0, 0},
        {"text.measure, 64 KB", "measure-64k",
         printf_alloc("{\"id\":1,\"method\":\"text.measure\",\"params\":"
                      "{\"channel\":\"email\",\"text\":\"",
                      big, 'x', "\"}}"),
         n_large, 0, 0, 0},
        {"ping, small, one at a time", "ping-lockstep",
         printf_alloc("{\"id\":1,\"method\":\"ping\",\"params\":{\"data\":\"", 5, 'x', "\"}}"),
         n_small / 10, 1, 0, 0},
    };
    const size_t nphases = sizeof phases / sizeof phases[0];

    /* The cost of a host that starts, answers hello and exits. */
    size_t hlen;
    char *hello = make_frame("{\"id\":0,\"method\":\"hello\"}", &hlen);
    cpu base = {0, 0};
    const int base_runs = 5;
    for (int i = 0; i < base_runs; i++) {
        host h;
        int ok;
        spawn(&h, exe);
        stream(&h, hello, hlen, 1, 1, &ok, NULL);
        cpu c = finish(&h);
        base.user += c.user / base_runs;
        base.sys += c.sys / base_runs;
    }

    printf("contactcore-native-host through pipes: host CPU = user + system time of the host\n"
           "process minus %.2f ms for start-up, hello and exit (engine, in-memory store)\n\n",
           (base.user + base.sys) * 1e3);
    printf("%-28s %9s %8s %12s %11s %8s %8s %12s\n", "requests", "messages", "bytes",
           "messages/s", "CPU us/msg", "user", "system", "MB/s in+out");
    for (size_t i = 0; i < nphases; i++) {
        phase *p = &phases[i];
        size_t flen;
        char *frame = make_frame(p->json, &flen);
        host h;
        int ok = 0;
        spawn(&h, exe);
        stream(&h, hello, hlen, 1, 1, &ok, NULL); /* started */
        size_t received = 0;
        double wall = stream(&h, frame, flen, p->count, p->lockstep, &ok, &received);
        cpu c = finish(&h);
        double user = c.user - base.user, sys = c.sys - base.sys;
        user = user < 0 ? 0 : user;
        sys = sys < 0 ? 0 : sys;
        double per = 1e6 / (double)p->count;
        double mb = ((double)p->count * (double)flen + (double)received) / 1e6 / wall;
        printf("%-28s %9zu %8zu %12.0f %11.2f %8.2f %8.2f %12.1f%s\n", p->name, p->count,
               flen - 4, (double)p->count / wall, (user + sys) * per, user * per, sys * per, mb,
               ok ? "" : "  (the first reply was an error)");
        p->rate = (double)p->count / wall;
        p->cpu_us = (user + sys) * per;
        free(frame);
        free(p->json);
    }
    /* the "# result:" lines, after the table */
    for (size_t i = 0; i < nphases; i++) {
        const phase *p = &phases[i];
        char metric[64], label[128];
        snprintf(label, sizeof label, "%s%s: messages per second (wall)", p->name,
                 p->lockstep ? "" : ", pipelined");
        snprintf(metric, sizeof metric, "%s-rate", p->id);
        bench_result("bench-native-host", metric, p->rate, "messages/s", label);
        snprintf(label, sizeof label, "%s%s: host CPU (user + system) per message", p->name,
                 p->lockstep ? "" : ", pipelined");
        snprintf(metric, sizeof metric, "%s-cpu", p->id);
        bench_result("bench-native-host", metric, p->cpu_us, "µs/message", label);
    }
    free(hello);
    unlink(config_path);
    rmdir(tmp_dir);
    return 0;
}
