/* contactcore-native-host: the native-messaging framing.
 *
 * Each message is a 32-bit length in native byte order, then that many
 * bytes of UTF-8 JSON.  The reader checks a declared length against the
 * limit as soon as its four bytes are in, before it allocates or reads any
 * of the body: a message over the limit is never read into memory.  It
 * reads what poll(2) says is there (one read(2) per call, so it never
 * blocks inside a message) and hands out whole messages only; a message
 * that fits the read-ahead buffer is handed out in place.
 */
#include "host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

void nh_reader_init(nh_reader *r, int fd, size_t max)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->max = max;
}

void nh_reader_free(nh_reader *r)
{
    free(r->body);
    r->body = NULL;
    r->body_cap = 0;
}

long nh_reader_fill(nh_reader *r)
{
    if (r->in_pos < r->in_len)
        return (long)(r->in_len - r->in_pos);
    r->in_pos = r->in_len = 0;
    for (;;) {
        ssize_t n;
        size_t want = r->in_body ? r->declared - r->body_got : 0;
        if (r->in_body && want >= sizeof r->in) {
            /* the rest of a large message: straight into its buffer */
            n = read(r->fd, r->body + r->body_got, want);
            if (n > 0)
                r->body_got += (size_t)n;
        } else {
            n = read(r->fd, r->in, sizeof r->in);
            if (n > 0)
                r->in_len = (size_t)n;
        }
        if (n >= 0)
            return (long)n;
        if (errno != EINTR)
            return -1;
    }
}

nh_frame_status nh_reader_next(nh_reader *r, const char **body, size_t *len, uint32_t *declared)
{
    if (!r->in_body) {
        while (r->hdr_got < 4 && r->in_pos < r->in_len)
            r->hdr[r->hdr_got++] = r->in[r->in_pos++];
        if (r->hdr_got < 4)
            return NH_MORE;
        uint32_t n;
        memcpy(&n, r->hdr, 4); /* native byte order */
        *declared = r->declared = n;
        if (n > r->max)
            return NH_TOOBIG; /* nothing of it is read: the caller gives up on the stream */
        r->in_body = 1;
        r->body_got = 0;
        if (r->in_len - r->in_pos >= n) { /* whole in the read-ahead: in place */
            *body = (const char *)r->in + r->in_pos;
            *len = n;
            r->in_pos += n;
            r->in_body = 0;
            r->hdr_got = 0;
            return NH_FRAME;
        }
        if (r->body_cap < (size_t)n + 1) {
            char *b = realloc(r->body, (size_t)n + 1);
            if (!b)
                return NH_TOOBIG;
            r->body = b;
            r->body_cap = (size_t)n + 1;
        }
    }
    size_t need = r->declared - r->body_got, avail = r->in_len - r->in_pos;
    size_t take = need < avail ? need : avail;
    memcpy(r->body + r->body_got, r->in + r->in_pos, take);
    r->body_got += take;
    r->in_pos += take;
    if (r->body_got < r->declared)
        return NH_MORE;
    r->body[r->declared] = '\0';
    *body = r->body;
    *len = r->declared;
    *declared = r->declared;
    r->in_body = 0;
    r->hdr_got = 0;
    return NH_FRAME;
}

int nh_reader_partial(const nh_reader *r, size_t *got, size_t *want)
{
    if (r->in_body) {
        *got = r->body_got + (r->in_len - r->in_pos);
        *want = r->declared;
        return 1;
    }
    *got = r->hdr_got;
    *want = 4;
    return r->hdr_got > 0 || r->in_pos < r->in_len;
}

int nh_write_frame(int fd, const char *body, size_t len)
{
    uint32_t n = (uint32_t)len;
    unsigned char hdr[4];
    memcpy(hdr, &n, 4);
    struct iovec iov[2] = {{hdr, 4}, {(void *)body, len}};
    int i = 0;
    while (i < 2) {
        ssize_t w = writev(fd, iov + i, 2 - i);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        size_t done = (size_t)w;
        while (i < 2 && done >= iov[i].iov_len) {
            done -= iov[i].iov_len;
            i++;
        }
        if (i < 2) {
            iov[i].iov_base = (char *)iov[i].iov_base + done;
            iov[i].iov_len -= done;
        }
    }
    return 0;
}
