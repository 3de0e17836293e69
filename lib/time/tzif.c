/* TZif reader (RFC 8536 / RFC 9636, versions 1-4) and zone evaluation. */
#include "time/tz.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "time/posixtz.h"

#define HEADER_LEN 44
#define MAX_TYPES 256          /* type indices are one byte */
#define MIN_UTOFF (-89999)     /* RFC 9636: -25h < utoff < 26h */
#define MAX_UTOFF 93599
#define LOCAL_CLAMP ((int64_t)1 << 58)
#define WINDOW_S (2 * 86400)   /* > any |utoff| */

typedef struct tz_type {
    int32_t utoff;
    unsigned char isdst;
    uint32_t abbr; /* index into chars */
} tz_type;

struct lcc__tz {
    char *name;
    size_t ntrans, ntypes;
    int64_t *trans;           /* strictly ascending */
    unsigned char *trans_type;
    tz_type *types;
    char *chars;
    int has_footer;
    lcc__posixtz footer;
    void *block;              /* one allocation holding the arrays above */
};

typedef struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chr;
} tzif_counts;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
    return v > INT64_MAX ? -(int64_t)(~v) - 1 : (int64_t)v;
}

static int32_t sbe32(const unsigned char *p)
{
    uint32_t v = be32(p);
    return v > INT32_MAX ? -(int32_t)(~v) - 1 : (int32_t)v;
}

static lcc_status fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "TZif: %s", msg);
    return LCC_EFORMAT;
}

/* Reads a header at data[off]; *block gets the data block length. */
static lcc_status read_header(const unsigned char *data, size_t len, size_t off,
                              tzif_counts *c, uint64_t *block, unsigned tsize,
                              char *err, size_t errlen)
{
    if (len - off < HEADER_LEN)
        return fail(err, errlen, "truncated header");
    const unsigned char *h = data + off;
    if (memcmp(h, "TZif", 4) != 0)
        return fail(err, errlen, "bad magic (not a TZif file)");
    if (h[4] != 0 && (h[4] < '2' || h[4] > '4'))
        return fail(err, errlen, "unsupported version");
    c->isut = be32(h + 20);
    c->isstd = be32(h + 24);
    c->leap = be32(h + 28);
    c->time = be32(h + 32);
    c->type = be32(h + 36);
    c->chr = be32(h + 40);
    /* Each count < 2^32, so this cannot overflow 64 bits. */
    *block = (uint64_t)c->time * (tsize + 1) + (uint64_t)c->type * 6 + c->chr +
             (uint64_t)c->leap * (tsize + 4) + c->isstd + c->isut;
    if (*block > len - off - HEADER_LEN)
        return fail(err, errlen, "truncated data block");
    return LCC_OK;
}

/* Validates the data block at p (length already checked) into tz. */
static lcc_status read_block(lcc__tz *tz, const tzif_counts *c, const unsigned char *p,
                             unsigned tsize, char *err, size_t errlen)
{
    if (c->type == 0 || c->type > MAX_TYPES)
        return fail(err, errlen, "type count is zero or above 256");
    if (c->chr == 0)
        return fail(err, errlen, "abbreviation block is empty");
    if ((c->isut && c->isut != c->type) || (c->isstd && c->isstd != c->type))
        return fail(err, errlen, "indicator count differs from type count");

    const unsigned char *times = p, *idx = times + (size_t)c->time * tsize;
    const unsigned char *types = idx + c->time, *chars = types + (size_t)c->type * 6;
    const unsigned char *isstd = chars + c->chr + (size_t)c->leap * (tsize + 4);
    const unsigned char *isut = isstd + c->isstd;

    for (uint32_t i = 0; i < c->time; i++) {
        const unsigned char *t = times + (size_t)i * tsize;
        tz->trans[i] = tsize == 8 ? be64(t) : sbe32(t);
        if (i && tz->trans[i] <= tz->trans[i - 1])
            return fail(err, errlen, "transition times not strictly ascending");
        if (idx[i] >= c->type)
            return fail(err, errlen, "transition type index out of range");
        tz->trans_type[i] = idx[i];
    }
    for (uint32_t i = 0; i < c->type; i++) {
        const unsigned char *t = types + (size_t)i * 6;
        tz_type *ty = &tz->types[i];
        ty->utoff = sbe32(t);
        ty->isdst = t[4];
        ty->abbr = t[5];
        if (ty->utoff < MIN_UTOFF || ty->utoff > MAX_UTOFF)
            return fail(err, errlen, "UT offset out of range");
        if (ty->isdst > 1)
            return fail(err, errlen, "isdst flag is not 0 or 1");
        if (ty->abbr >= c->chr)
            return fail(err, errlen, "abbreviation index out of range");
        if (!memchr(chars + ty->abbr, '\0', c->chr - ty->abbr))
            return fail(err, errlen, "abbreviation not NUL-terminated");
    }
    memcpy(tz->chars, chars, c->chr);
    /* Leap-second records are skipped: zones with leap seconds are not
     * accepted by name, and the offsets below do not depend on them. */
    for (uint32_t i = 0; i < c->isstd; i++)
        if (isstd[i] > 1)
            return fail(err, errlen, "standard/wall indicator is not 0 or 1");
    for (uint32_t i = 0; i < c->isut; i++)
        if (isut[i] > 1 || (isut[i] && (!c->isstd || !isstd[i])))
            return fail(err, errlen, "invalid UT/local indicator");
    tz->ntrans = c->time;
    tz->ntypes = c->type;
    return LCC_OK;
}

/* Allocates tz and its arrays for the given counts. */
static lcc__tz *tz_alloc(const lcc_allocator *a, const char *name, const tzif_counts *c)
{
    size_t nlen = strlen(name) + 1;
    size_t off_types = (size_t)c->time * sizeof(int64_t);
    size_t off_idx = off_types + (size_t)c->type * sizeof(tz_type);
    size_t off_chars = off_idx + c->time;
    size_t off_name = off_chars + c->chr;
    lcc__tz *tz = lcc__calloc(a, 1, sizeof *tz);
    if (!tz)
        return NULL;
    unsigned char *b = lcc__malloc(a, off_name + nlen);
    if (!b) {
        lcc__free(a, tz);
        return NULL;
    }
    tz->block = b;
    tz->trans = (int64_t *)(void *)b;
    tz->types = (tz_type *)(void *)(b + off_types);
    tz->trans_type = b + off_idx;
    tz->chars = (char *)b + off_chars;
    tz->name = (char *)b + off_name;
    memcpy(tz->name, name, nlen);
    return tz;
}

lcc_status lcc__tz_parse(lcc__tz **out, const lcc_allocator *a, const char *name,
                         const unsigned char *data, size_t len, char *err, size_t errlen)
{
    tzif_counts c;
    uint64_t block;
    size_t off = 0;
    unsigned tsize = 4;
    lcc_status st;

    if (!data && len)
        return fail(err, errlen, "no data");
    if ((st = read_header(data, len, 0, &c, &block, 4, err, errlen)) != LCC_OK)
        return st;
    unsigned char version = data[4];
    if (version >= '2') {
        /* Skip the v1 block; use the 64-bit one. */
        off = HEADER_LEN + (size_t)block;
        if ((st = read_header(data, len, off, &c, &block, 8, err, errlen)) != LCC_OK)
            return st;
        if (data[off + 4] != version)
            return fail(err, errlen, "second header has a different version");
        tsize = 8;
    }
    const unsigned char *p = data + off + HEADER_LEN;
    size_t end = off + HEADER_LEN + (size_t)block;

    /* Footer (v2+): "\n" POSIX-TZ "\n". */
    lcc__posixtz footer;
    int has_footer = 0;
    if (tsize == 8) {
        if (end >= len || data[end] != '\n')
            return fail(err, errlen, "missing footer");
        const unsigned char *s = data + end + 1;
        const unsigned char *nl = memchr(s, '\n', len - end - 1);
        if (!nl)
            return fail(err, errlen, "footer not terminated by a newline");
        if (nl > s) {
            if (lcc__posixtz_parse(&footer, (const char *)s, (size_t)(nl - s)))
                return fail(err, errlen, "invalid POSIX TZ string in footer");
            has_footer = 1;
        }
    }

    lcc__tz *tz = tz_alloc(a, name ? name : "", &c);
    if (!tz)
        return LCC_ENOMEM;
    if ((st = read_block(tz, &c, p, tsize, err, errlen)) != LCC_OK) {
        lcc__tz_free(tz, a);
        return st;
    }
    tz->has_footer = has_footer;
    if (has_footer)
        tz->footer = footer;
    *out = tz;
    return LCC_OK;
}

void lcc__tz_free(lcc__tz *tz, const lcc_allocator *a)
{
    if (!tz)
        return;
    lcc__free(a, tz->block);
    lcc__free(a, tz);
}

const char *lcc__tz_name(const lcc__tz *tz)
{
    return tz->name;
}

/* Number of transitions <= t (binary search). */
static size_t count_le(const lcc__tz *tz, int64_t t)
{
    size_t lo = 0, hi = tz->ntrans;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->trans[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether the footer rule governs instant t. */
static int uses_footer(const lcc__tz *tz, int64_t t)
{
    return tz->has_footer && (tz->ntrans == 0 || t > tz->trans[tz->ntrans - 1]);
}

void lcc__tz_offset_at(const lcc__tz *tz, int64_t utc_s, int32_t *utc_offset_s,
                       int *is_dst, const char **abbr)
{
    if (uses_footer(tz, utc_s)) {
        lcc__posixtz_at(&tz->footer, utc_s, utc_offset_s, is_dst, abbr);
        return;
    }
    size_t k = count_le(tz, utc_s);
    /* Before the first transition: type 0; after the last: its type. */
    const tz_type *ty = &tz->types[k ? tz->trans_type[k - 1] : 0];
    if (utc_offset_s)
        *utc_offset_s = ty->utoff;
    if (is_dst)
        *is_dst = ty->isdst;
    if (abbr)
        *abbr = tz->chars + ty->abbr;
}

static int32_t offset_at(const lcc__tz *tz, int64_t t)
{
    int32_t off;
    lcc__tz_offset_at(tz, t, &off, NULL, NULL);
    return off;
}

/* First instant > t where the local time type may change; 0 if none. */
static int next_change(const lcc__tz *tz, int64_t t, int64_t *next)
{
    size_t k = count_le(tz, t);
    if (k < tz->ntrans) {
        *next = tz->trans[k];
        return 1;
    }
    if (!tz->has_footer)
        return 0;
    if (tz->ntrans) {
        int64_t last = tz->trans[tz->ntrans - 1];
        if (t == last && last < INT64_MAX) { /* table -> footer hand-over */
            *next = last + 1;
            return 1;
        }
    }
    return lcc__posixtz_next(&tz->footer, t, next);
}

void lcc__tz_local_to_utc(const lcc__tz *tz, int64_t local_s, lcc__tz_local *res)
{
    int64_t L = local_s < -LOCAL_CLAMP ? -LOCAL_CLAMP
              : local_s > LOCAL_CLAMP ? LOCAL_CLAMP : local_s;
    int64_t u = L - WINDOW_S, t;
    int32_t o = offset_at(tz, u);
    int gap = 0;

    memset(res, 0, sizeof *res);
    /* Walk the periods of constant type overlapping [L - W, L + W]; in each,
     * the candidate L - o is a solution iff it maps back to L. */
    for (;;) {
        int64_t c = L - o;
        if (offset_at(tz, c) == o) {
            int dup = 0;
            for (int i = 0; i < res->count; i++)
                dup |= res->utc[i] == c;
            if (!dup && res->count < 2)
                res->utc[res->count++] = c;
        }
        if (!next_change(tz, u, &t) || t > L + WINDOW_S)
            break;
        int32_t o2 = offset_at(tz, t);
        if (!gap && o2 > o && t + o <= L && L < t + o2) {
            gap = 1;
            res->transition_utc = t;
            res->offset_before = o;
            res->offset_after = o2;
        }
        u = t;
        o = o2;
    }
    if (res->count == 2 && res->utc[0] > res->utc[1]) {
        int64_t x = res->utc[0];
        res->utc[0] = res->utc[1];
        res->utc[1] = x;
    }
    if (res->count) {
        res->transition_utc = 0;
        res->offset_before = res->offset_after = 0;
    } else if (!gap) { /* unreachable for consistent data; stay defined */
        res->transition_utc = L - o;
        res->offset_before = res->offset_after = o;
    }
}
