/* Fuzz target of the native-messaging host (examples/native-host): its
 * framing reader (framing.c) and its request dispatch (dispatch.c and the
 * methods), as the host's serve loop in main.c drives them.
 *
 * The input is the host's whole stdin: it is put in an anonymous file that
 * the reader reads (nh_reader_fill / nh_reader_next), and every whole frame
 * is handled (nh_handle_frame, nh_push_events) by a host on the embedded
 * engine with an in-memory store and the demo directory (agent, queues, a
 * call, a social interaction), as a fresh store gets it.  A frame over the
 * limit is refused as main.c does, and the stream ends there.  The replies
 * go to /dev/null.  Everything is freed (the leak checkers must see
 * nothing).
 *
 * Built from the host's sources, not main.c: nh_log is defined here (and
 * is silent).  The engine's clock is fixed at 2026-11-21T10:00:00Z (the
 * context's now_ms hook), so that the seeds' dates (December 2026) stay
 * ahead of it and a run does not depend on the day it is made.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                    \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz-native-host: %s:%d: invariant broken: %s\n",          \
                    __FILE__, __LINE__, #cond);                                          \
            abort();                                                                     \
        }                                                                                \
    } while (0)

void nh_log(const char *fmt, ...)
{
    (void)fmt;
}

/* The host's limit for these runs: small, so the fuzzer reaches it. */
#define FUZZ_MAX_REQUEST 4096

/* 2026-11-21T10:00:00Z: the seeds schedule callbacks early in December. */
static int64_t fixed_now(void *ud)
{
    (void)ud;
    return 1795255200000LL;
}

static int open_host(nh_host *h, int out_fd)
{
    memset(h, 0, sizeof *h);
    h->out_fd = out_fd;
    h->origin = "chrome-extension://fuzz/";
    h->out.limit = NH_MAX_REPLY;
    h->now_ms = fixed_now;
    h->cfg.demo = 1;
    h->cfg.max_request = FUZZ_MAX_REQUEST;
    snprintf(h->cfg.store, sizeof h->cfg.store, ":memory:");
    snprintf(h->cfg.agent, sizeof h->cfg.agent, "demo-agent");
    snprintf(h->cfg.time_zone, sizeof h->cfg.time_zone, "Europe/Paris");
    h->cfg_ok = 1;
    if (nh_backend_open(h) != 0) {
        h->cfg_ok = 0;
        return -1;
    }
    return 0;
}

static void close_host(nh_host *h)
{
    nh_backend_close(h);
    nh_config_free(&h->cfg);
    jw_mem_free(&h->out);
    free(h->held);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int in = memfd_create("fuzz-native-host-stdin", 0);
    if (in < 0)
        return 0;
    int out = open("/dev/null", O_WRONLY);
    if (out < 0) {
        close(in);
        return 0;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(in, data + done, size - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    REQUIRE(lseek(in, 0, SEEK_SET) == 0);

    static nh_host h; /* large: not on the stack */
    if (open_host(&h, out) == 0) {
        nh_reader rd;
        nh_reader_init(&rd, in, h.cfg.max_request);
        size_t frames = 0;
        while (!h.stop) {
            const char *body = NULL;
            size_t len = 0;
            uint32_t declared = 0;
            nh_frame_status fs = NH_MORE;
            while (!h.stop && (fs = nh_reader_next(&rd, &body, &len, &declared)) == NH_FRAME) {
                REQUIRE(body != NULL && len <= rd.max);
                nh_handle_frame(&h, body, len);
                nh_push_events(&h);
                frames++;
            }
            if (h.stop)
                break;
            if (fs == NH_TOOBIG) {
                REQUIRE(declared > rd.max);
                nh_reply_error_noid(&h, "ETOOBIG", "a message of %lu bytes is over %zu",
                                    (unsigned long)declared, rd.max);
                break;
            }
            long got = nh_reader_fill(&rd);
            REQUIRE(got >= 0);
            if (got == 0) {
                size_t have = 0, want = 0;
                if (nh_reader_partial(&rd, &have, &want))
                    REQUIRE(have < want || want == 4);
                break;
            }
        }
        REQUIRE(frames <= size / 4);
        nh_reader_free(&rd);
    }
    close_host(&h);
    close(out);
    close(in);
    return 0;
}
