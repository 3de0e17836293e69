/* Unit tests for the time-zone engine: TZif reader, POSIX TZ rules, zone
 * database.  libc's localtime_r is used here only as an independent oracle. */
#define _DEFAULT_SOURCE 1 /* struct tm's tm_gmtoff and tm_zone (oracle only) */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "time/civil.h"
#include "time/posixtz.h"
#include "time/tz.h"

#define ZONEINFO "/usr/share/zoneinfo"
#define H 3600

/* ---------------------------------------------------------------- helpers */

static int64_t civil_s(int64_t y, unsigned mo, unsigned d, int hh, int mi, int ss)
{
    return lcc__days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss;
}

/* Day number of the n-th (1..4) or last (n = 5) Sunday of y-mo. */
static int64_t sunday(int64_t y, unsigned mo, int n)
{
    int64_t first = lcc__days_from_civil(y, mo, 1);
    int64_t d = first + (7 - lcc__weekday_from_days(first)) % 7 + 7 * (n - 1);
    while (d >= first + lcc__days_in_month(y, mo))
        d -= 7;
    return d;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    unsigned char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static void spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static lcc_allocator libc_alloc(void)
{
    lcc_allocator in = LCC_ALLOCATOR_INIT, a;
    lcc__allocator_normalise(&a, &in);
    return a;
}

static lcc__tzdb *open_db(const char *tzdir)
{
    lcc_allocator a = libc_alloc();
    lcc__tzdb *db = NULL;
    ck_assert_int_eq(lcc__tzdb_new(&db, &a, tzdir), LCC_OK);
    return db;
}

static const lcc__tz *zone(lcc__tzdb *db, const char *name)
{
    const lcc__tz *tz = NULL;
    char err[256] = "";
    lcc_status st = lcc__tzdb_get(&tz, db, name, err, sizeof err);
    ck_assert_msg(st == LCC_OK, "get %s: %d %s", name, (int)st, err);
    ck_assert_str_eq(lcc__tz_name(tz), name);
    return tz;
}

static void check_offset(const lcc__tz *tz, int64_t utc, int32_t off, int dst, const char *abbr)
{
    int32_t o = 12345;
    int d = -1;
    const char *ab = NULL;
    lcc__tz_offset_at(tz, utc, &o, &d, &ab);
    ck_assert_msg(o == off && d == dst, "%s at %lld: got %d/%d want %d/%d",
                  lcc__tz_name(tz), (long long)utc, (int)o, d, (int)off, dst);
    if (abbr)
        ck_assert_str_eq(ab, abbr);
}

static void check_gap(const lcc__tz *tz, int64_t local, int64_t trans, int32_t before,
                      int32_t after)
{
    lcc__tz_local r;
    lcc__tz_local_to_utc(tz, local, &r);
    ck_assert_msg(r.count == 0, "%s local %lld: count %d, expected a gap",
                  lcc__tz_name(tz), (long long)local, r.count);
    ck_assert_int_eq(r.transition_utc, trans);
    ck_assert_int_eq(r.offset_before, before);
    ck_assert_int_eq(r.offset_after, after);
}

static void check_fold(const lcc__tz *tz, int64_t local, int64_t first, int64_t second)
{
    lcc__tz_local r;
    lcc__tz_local_to_utc(tz, local, &r);
    ck_assert_msg(r.count == 2, "%s local %lld: count %d, expected a fold",
                  lcc__tz_name(tz), (long long)local, r.count);
    ck_assert_int_eq(r.utc[0], first);
    ck_assert_int_eq(r.utc[1], second);
}

static void check_unique(const lcc__tz *tz, int64_t local, int64_t utc)
{
    lcc__tz_local r;
    lcc__tz_local_to_utc(tz, local, &r);
    ck_assert_int_eq(r.count, 1);
    ck_assert_int_eq(r.utc[0], utc);
}

/* Counting allocator; fails the fail_at-th call (0: never). */
typedef struct failing {
    long calls, fail_at, live;
} failing;

static void *f_malloc(size_t n, void *ud)
{
    failing *f = ud;
    if (++f->calls == f->fail_at)
        return NULL;
    void *p = malloc(n);
    f->live += p != NULL;
    return p;
}

static void *f_realloc(void *p, size_t n, void *ud)
{
    failing *f = ud;
    if (++f->calls == f->fail_at)
        return NULL;
    void *q = realloc(p, n);
    f->live += q != NULL && p == NULL;
    return q;
}

static void f_free(void *p, void *ud)
{
    failing *f = ud;
    f->live -= p != NULL;
    free(p);
}

/* ------------------------------------------------------------ TZif builder */

typedef struct tb_type {
    int32_t utoff;
    unsigned char isdst, abbr;
} tb_type;

typedef struct tzb {
    char version;               /* 0 (v1), '2', '3', '4' */
    size_t ntrans;
    const int64_t *trans;
    const unsigned char *idx;
    size_t ntypes;
    const tb_type *types;
    const char *chars;
    size_t nchars;
    size_t nleap;               /* synthetic leap-second records */
    int indicators;             /* emit isstd/isut (1, 1 each) */
    int minimal_v1;             /* v2+: a dummy v1 block (utoff 999) */
    const char *footer;
} tzb;

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

static unsigned char *put64(unsigned char *p, int64_t v)
{
    p = put32(p, (uint32_t)((uint64_t)v >> 32));
    return put32(p, (uint32_t)(uint64_t)v);
}

static unsigned char *put_block(unsigned char *p, const tzb *b, int tsize, int minimal)
{
    static const tb_type dummy = {999, 0, 0};
    size_t nt = minimal ? 0 : b->ntrans, ny = minimal ? 1 : b->ntypes;
    size_t nc = minimal ? 3 : b->nchars, nl = minimal ? 0 : b->nleap;
    size_t ni = minimal || !b->indicators ? 0 : ny;
    memcpy(p, "TZif", 4);
    p[4] = (unsigned char)b->version;
    memset(p + 5, 0, 15);
    p = put32(p + 20, (uint32_t)ni);
    p = put32(p, (uint32_t)ni);
    p = put32(p, (uint32_t)nl);
    p = put32(p, (uint32_t)nt);
    p = put32(p, (uint32_t)ny);
    p = put32(p, (uint32_t)nc);
    for (size_t i = 0; i < nt; i++)
        p = tsize == 8 ? put64(p, b->trans[i]) : put32(p, (uint32_t)(int32_t)b->trans[i]);
    for (size_t i = 0; i < nt; i++)
        *p++ = b->idx[i];
    for (size_t i = 0; i < ny; i++) {
        const tb_type *t = minimal ? &dummy : &b->types[i];
        p = put32(p, (uint32_t)t->utoff);
        *p++ = t->isdst;
        *p++ = t->abbr;
    }
    memcpy(p, minimal ? "XX" : b->chars, nc);
    p += nc;
    for (size_t i = 0; i < nl; i++) {
        int64_t when = 78796800 + (int64_t)i * 15778800;
        p = tsize == 8 ? put64(p, when) : put32(p, (uint32_t)when);
        p = put32(p, (uint32_t)(i + 1));
    }
    for (size_t i = 0; i < 2 * ni; i++)
        *p++ = 1;
    return p;
}

/* Writes a TZif image into buf (large enough); returns its length. */
static size_t build_tzif(unsigned char *buf, const tzb *b)
{
    unsigned char *p = put_block(buf, b, 4, b->version && b->minimal_v1);
    if (b->version) {
        p = put_block(p, b, 8, 0);
        size_t fl = b->footer ? strlen(b->footer) : 0;
        *p++ = '\n';
        memcpy(p, b->footer ? b->footer : "", fl);
        p += fl;
        *p++ = '\n';
    }
    return (size_t)(p - buf);
}

/* Parses through a counting allocator: a failed parse must leave nothing
 * allocated, a successful one exactly what free_tz releases. */
static failing parse_count;

static lcc_allocator counting_alloc(void)
{
    lcc_allocator in = {sizeof in, f_malloc, f_realloc, f_free, &parse_count}, a;
    lcc__allocator_normalise(&a, &in);
    return a;
}

static lcc_status parse_buf(lcc__tz **tz, const unsigned char *buf, size_t len, char *err,
                            size_t errlen)
{
    lcc_allocator a = counting_alloc();
    long live = parse_count.live;
    lcc_status st = lcc__tz_parse(tz, &a, "Test/Zone", buf, len, err, errlen);
    if (st != LCC_OK)
        ck_assert_int_eq(parse_count.live, live);
    return st;
}

static void free_tz(lcc__tz *tz)
{
    lcc_allocator a = counting_alloc();
    lcc__tz_free(tz, &a);
    ck_assert_int_eq(parse_count.live, 0);
}

/* A zone with no transitions whose rules come from a POSIX TZ footer. */
static lcc__tz *posix_zone(const char *footer)
{
    static const tb_type t0 = {0, 0, 0};
    tzb b = {.version = '3', .ntypes = 1, .types = &t0, .chars = "UTC", .nchars = 4,
             .footer = footer};
    unsigned char buf[512];
    size_t len = build_tzif(buf, &b);
    lcc__tz *tz = NULL;
    char err[128] = "";
    ck_assert_msg(parse_buf(&tz, buf, len, err, sizeof err) == LCC_OK, "%s: %s", footer, err);
    return tz;
}

/* Compares utc->local with glibc's localtime_r for the TZ value `tzenv`.
 * (glibc evaluates bare POSIX TZ strings correctly only from 1970 on.) */
static void cross_check(const lcc__tz *tz, const char *tzenv, int64_t lo, int64_t hi, int n)
{
    setenv("TZ", tzenv, 1);
    tzset();
    for (int i = 0; i < n; i++) {
        int64_t t = lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
        time_t tt = (time_t)t;
        struct tm tm;
        ck_assert_ptr_nonnull(localtime_r(&tt, &tm));
        int32_t off;
        int dst;
        const char *ab;
        lcc__tz_offset_at(tz, t, &off, &dst, &ab);
        ck_assert_msg(off == tm.tm_gmtoff && dst == (tm.tm_isdst > 0) &&
                          strcmp(ab, tm.tm_zone) == 0,
                      "%s at %lld: ours %d/%d/%s, libc %ld/%d/%s", tzenv, (long long)t,
                      (int)off, dst, ab, tm.tm_gmtoff, tm.tm_isdst, tm.tm_zone);
        /* local -> utc must find t again. */
        lcc__tz_local r;
        lcc__tz_local_to_utc(tz, t + off, &r);
        ck_assert_msg(r.count >= 1 && (r.utc[0] == t || (r.count == 2 && r.utc[1] == t)),
                      "%s: round trip of %lld failed (count %d)", tzenv, (long long)t,
                      r.count);
    }
}

/* ----------------------------------------------------- zones by name */

START_TEST(new_york_gap_fold)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *ny = zone(db, "America/New_York");
    check_gap(ny, civil_s(2026, 3, 8, 2, 30, 0), civil_s(2026, 3, 8, 7, 0, 0), -18000, -14400);
    check_fold(ny, civil_s(2026, 11, 1, 1, 30, 0), civil_s(2026, 11, 1, 5, 30, 0),
               civil_s(2026, 11, 1, 6, 30, 0));
    check_unique(ny, civil_s(2026, 3, 8, 3, 0, 0), civil_s(2026, 3, 8, 7, 0, 0));
    check_unique(ny, civil_s(2026, 3, 8, 1, 59, 59), civil_s(2026, 3, 8, 6, 59, 59));
    check_unique(ny, civil_s(2026, 11, 1, 2, 0, 0), civil_s(2026, 11, 1, 7, 0, 0));
    check_offset(ny, civil_s(2026, 1, 15, 12, 0, 0), -18000, 0, "EST");
    check_offset(ny, civil_s(2026, 7, 15, 12, 0, 0), -14400, 1, "EDT");
    check_offset(ny, civil_s(2026, 3, 8, 6, 59, 59), -18000, 0, "EST");
    check_offset(ny, civil_s(2026, 3, 8, 7, 0, 0), -14400, 1, "EDT");
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(paris_offsets)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *p = zone(db, "Europe/Paris");
    check_offset(p, civil_s(2026, 1, 10, 0, 0, 0), 3600, 0, "CET");
    check_offset(p, civil_s(2026, 7, 10, 0, 0, 0), 7200, 1, "CEST");
    int64_t d = sunday(2026, 3, 5);
    check_gap(p, d * 86400 + 2 * H + 1800, d * 86400 + H, 3600, 7200);
    d = sunday(2026, 10, 5);
    check_fold(p, d * 86400 + 2 * H + 1800, d * 86400 + 1800, d * 86400 + H + 1800);
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(far_future_footer)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *ny = zone(db, "America/New_York");
    const lcc__tz *p = zone(db, "Europe/Paris");
    static const int years[] = {2090, 2400, 9999};
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        int64_t y = years[i];
        check_offset(ny, civil_s(y, 1, 15, 12, 0, 0), -18000, 0, "EST");
        check_offset(ny, civil_s(y, 7, 15, 12, 0, 0), -14400, 1, "EDT");
        check_offset(p, civil_s(y, 1, 15, 12, 0, 0), 3600, 0, "CET");
        check_offset(p, civil_s(y, 7, 15, 12, 0, 0), 7200, 1, "CEST");
        int64_t d = sunday(y, 3, 2);
        check_gap(ny, d * 86400 + 2 * H + 1800, d * 86400 + 7 * H, -18000, -14400);
        d = sunday(y, 11, 1);
        check_fold(ny, d * 86400 + H + 1800, d * 86400 + 5 * H + 1800, d * 86400 + 6 * H + 1800);
        d = sunday(y, 3, 5);
        check_gap(p, d * 86400 + 2 * H + 1800, d * 86400 + H, 3600, 7200);
        d = sunday(y, 10, 5);
        check_fold(p, d * 86400 + 2 * H + 1800, d * 86400 + 1800, d * 86400 + H + 1800);
    }
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(lord_howe_half_hour)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *lh = zone(db, "Australia/Lord_Howe");
    check_offset(lh, civil_s(2026, 1, 15, 0, 0, 0), 39600, 1, NULL);
    check_offset(lh, civil_s(2026, 7, 15, 0, 0, 0), 37800, 0, NULL);
    /* 2026-10-04 02:00 -> 02:30; 2026-04-05 02:00 -> 01:30. */
    check_gap(lh, civil_s(2026, 10, 4, 2, 15, 0), civil_s(2026, 10, 3, 15, 30, 0), 37800, 39600);
    check_fold(lh, civil_s(2026, 4, 5, 1, 45, 0), civil_s(2026, 4, 4, 14, 45, 0),
               civil_s(2026, 4, 4, 15, 15, 0));
    /* Footer era. */
    int64_t d = sunday(2100, 10, 1);
    check_gap(lh, d * 86400 + 2 * H + 900, d * 86400 - 8 * H - 1800, 37800, 39600);
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(southern_hemisphere)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *syd = zone(db, "Australia/Sydney");
    const lcc__tz *scl = zone(db, "America/Santiago");
    static const int years[] = {2026, 2090, 2400};
    for (size_t i = 0; i < 3; i++) {
        check_offset(syd, civil_s(years[i], 1, 15, 0, 0, 0), 39600, 1, "AEDT");
        check_offset(syd, civil_s(years[i], 7, 15, 0, 0, 0), 36000, 0, "AEST");
        check_offset(scl, civil_s(years[i], 1, 15, 0, 0, 0), -10800, 1, "-03");
        check_offset(scl, civil_s(years[i], 7, 15, 0, 0, 0), -14400, 0, "-04");
    }
    /* Sydney: first Sunday of October 02:00 -> 03:00, April 03:00 -> 02:00. */
    int64_t d = sunday(2091, 10, 1);
    check_gap(syd, d * 86400 + 2 * H + 1800, d * 86400 - 8 * H, 36000, 39600);
    d = sunday(2091, 4, 1);
    check_fold(syd, d * 86400 + 2 * H + 1800, d * 86400 - 8 * H - 1800,
               d * 86400 - 7 * H - 1800);
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(fixed_and_negative_dst)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *k = zone(db, "Asia/Kolkata");
    check_offset(k, civil_s(2026, 1, 15, 0, 0, 0), 19800, 0, "IST");
    check_offset(k, civil_s(2026, 7, 15, 0, 0, 0), 19800, 0, "IST");
    check_offset(k, civil_s(2300, 7, 15, 0, 0, 0), 19800, 0, "IST");
    check_unique(k, civil_s(2026, 3, 1, 12, 0, 0), civil_s(2026, 3, 1, 6, 30, 0));

    const lcc__tz *u = zone(db, "UTC");
    check_offset(u, 0, 0, 0, "UTC");
    check_offset(u, civil_s(2400, 7, 1, 0, 0, 0), 0, 0, "UTC");
    check_unique(u, 86400, 86400);

    /* Debian's Europe/Dublin uses negative DST: winter GMT is the DST
     * time (isdst=1, footer "IST-1GMT0,M10.5.0,M3.5.0/1"). */
    const lcc__tz *dub = zone(db, "Europe/Dublin");
    static const int years[] = {2026, 2090, 2400};
    for (size_t i = 0; i < 3; i++) {
        check_offset(dub, civil_s(years[i], 1, 15, 0, 0, 0), 0, 1, "GMT");
        check_offset(dub, civil_s(years[i], 7, 15, 0, 0, 0), 3600, 0, "IST");
        int64_t d = sunday(years[i], 3, 5);
        check_gap(dub, d * 86400 + H + 1800, d * 86400 + H, 0, 3600);
        d = sunday(years[i], 10, 5);
        check_fold(dub, d * 86400 + H + 1800, d * 86400 + 1800, d * 86400 + H + 1800);
    }
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(links_and_cache)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *a = zone(db, "US/Eastern");
    const lcc__tz *b = zone(db, "US/Eastern");
    ck_assert_ptr_eq(a, b);
    const lcc__tz *ny = zone(db, "America/New_York");
    ck_assert_ptr_eq(zone(db, "America/New_York"), ny);
    ck_assert_ptr_ne(a, ny);
    check_offset(a, civil_s(2026, 7, 1, 0, 0, 0), -14400, 1, "EDT");
    check_gap(a, civil_s(2026, 3, 8, 2, 30, 0), civil_s(2026, 3, 8, 7, 0, 0), -18000, -14400);
    zone(db, "Etc/GMT+5");
    zone(db, "Europe/Monaco");
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(rejected_names)
{
    static const char *const bad[] = {
        "localtime", "posixrules", "Factory", "posix/Europe/Paris", "right/UTC",
        "../etc/passwd", "", "Europe/", "Mars/Base", "/usr/share/zoneinfo/UTC",
        "Europe//Paris", "Europe/./Paris", "Europe/../Europe/Paris", "posix", "right",
        "tzdata.zi", "zone.tab", "Europe", "europe/paris", "Europe/Paris ", "Europe/Paris/x",
        "leapseconds", "iso3166.tab", "Europe\\Paris",
    };
    lcc__tzdb *db = open_db(NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const lcc__tz *tz = (const lcc__tz *)&db; /* must stay untouched */
        char err[256] = "";
        lcc_status st = lcc__tzdb_get(&tz, db, bad[i], err, sizeof err);
        ck_assert_msg(st == LCC_EUNKNOWN_ZONE, "\"%s\" gave %d", bad[i], (int)st);
        ck_assert_ptr_eq(tz, (const lcc__tz *)&db);
        ck_assert_msg(strstr(err, "unknown time zone") != NULL, "message: %s", err);
    }
    char err[256];
    lcc__tzdb_get(&(const lcc__tz *){NULL}, db, "Mars/Base", err, sizeof err);
    ck_assert_str_eq(err, "unknown time zone \"Mars/Base\"");
    char longname[300];
    memset(longname, 'A', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    const lcc__tz *tz;
    ck_assert_int_eq(lcc__tzdb_get(&tz, db, longname, NULL, 0), LCC_EUNKNOWN_ZONE);
    longname[255] = '\0';
    ck_assert_int_eq(lcc__tzdb_get(&tz, db, longname, err, 5), LCC_EUNKNOWN_ZONE);
    lcc__tzdb_free(db);
}
END_TEST

START_TEST(names_list)
{
    lcc__tzdb *db = open_db(NULL);
    const char *const *names;
    size_t n;
    ck_assert_int_eq(lcc__tzdb_names(&names, &n, db), LCC_OK);
    ck_assert_uint_gt(n, 400);
    int paris = 0, eastern = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            ck_assert_msg(strcmp(names[i - 1], names[i]) < 0, "not sorted at %zu", i);
        paris |= strcmp(names[i], "Europe/Paris") == 0;
        eastern |= strcmp(names[i], "US/Eastern") == 0;
        ck_assert_str_ne(names[i], "Factory");
        ck_assert_str_ne(names[i], "localtime");
        ck_assert(strncmp(names[i], "posix/", 6) != 0 && strncmp(names[i], "right/", 6) != 0);
    }
    ck_assert(paris && eastern);
    /* Every listed name loads. */
    for (size_t i = 0; i < n; i++) {
        const lcc__tz *tz;
        char err[256] = "";
        ck_assert_msg(lcc__tzdb_get(&tz, db, names[i], err, sizeof err) == LCC_OK, "%s: %s",
                      names[i], err);
    }
    const char *const *again;
    ck_assert_int_eq(lcc__tzdb_names(&again, &n, db), LCC_OK);
    ck_assert_ptr_eq(again, names);
    lcc__tzdb_free(db);
}
END_TEST

/* ------------------------------------------------- libc cross-checks */

START_TEST(cross_check_libc)
{
    static const char *const zones[] = {
        "America/New_York", "Europe/Paris", "Europe/Dublin", "Europe/London",
        "Australia/Lord_Howe", "America/Santiago", "Australia/Sydney", "Asia/Kolkata",
        "Africa/Casablanca", "America/Nuuk", "Asia/Tehran", "Pacific/Apia",
        "America/Sao_Paulo", "Pacific/Chatham", "America/St_Johns", "UTC",
    };
    lcc__tzdb *db = open_db(NULL);
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        char env[128];
        snprintf(env, sizeof env, ":" ZONEINFO "/%s", zones[i]);
        const lcc__tz *tz = zone(db, zones[i]);
        cross_check(tz, env, 0, INT32_MAX, 2000);
        cross_check(tz, env, civil_s(2037, 1, 1, 0, 0, 0), civil_s(2400, 1, 1, 0, 0, 0), 500);
    }
    lcc__tzdb_free(db);
}
END_TEST

/* Local -> UTC agrees with UTC -> local for random wall times. */
START_TEST(local_to_utc_consistent)
{
    static const char *const zones[] = {"America/New_York", "Australia/Lord_Howe",
                                        "Europe/Dublin", "America/Santiago", "Asia/Kolkata"};
    lcc__tzdb *db = open_db(NULL);
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        const lcc__tz *tz = zone(db, zones[z]);
        for (int i = 0; i < 20000; i++) {
            int64_t L = (int64_t)(rnd() % 13000000000u) - 2000000000;
            lcc__tz_local r;
            lcc__tz_local_to_utc(tz, L, &r);
            int32_t o, o2;
            if (r.count == 0) {
                ck_assert(r.offset_after > r.offset_before);
                ck_assert(r.transition_utc + r.offset_before <= L);
                ck_assert(L < r.transition_utc + r.offset_after);
                lcc__tz_offset_at(tz, r.transition_utc - 1, &o, NULL, NULL);
                lcc__tz_offset_at(tz, r.transition_utc, &o2, NULL, NULL);
                ck_assert_int_eq(o, r.offset_before);
                ck_assert_int_eq(o2, r.offset_after);
            }
            for (int k = 0; k < r.count; k++) {
                lcc__tz_offset_at(tz, r.utc[k], &o, NULL, NULL);
                ck_assert_int_eq(r.utc[k] + o, L);
            }
            if (r.count == 2)
                ck_assert(r.utc[0] < r.utc[1]);
        }
    }
    lcc__tzdb_free(db);
}
END_TEST

/* -------------------------------------------------- POSIX TZ strings */

START_TEST(posix_us)
{
    lcc__tz *tz = posix_zone("EST5EDT,M3.2.0,M11.1.0");
    check_offset(tz, civil_s(2026, 1, 1, 0, 0, 0), -18000, 0, "EST");
    check_offset(tz, civil_s(2026, 7, 1, 0, 0, 0), -14400, 1, "EDT");
    check_gap(tz, civil_s(2026, 3, 8, 2, 30, 0), civil_s(2026, 3, 8, 7, 0, 0), -18000, -14400);
    check_fold(tz, civil_s(2026, 11, 1, 1, 30, 0), civil_s(2026, 11, 1, 5, 30, 0),
               civil_s(2026, 11, 1, 6, 30, 0));
    cross_check(tz, "EST5EDT,M3.2.0,M11.1.0", 0, INT32_MAX, 3000);
    free_tz(tz);
}
END_TEST

START_TEST(posix_quoted_fixed)
{
    lcc__tz *tz = posix_zone("<+0330>-3:30");
    check_offset(tz, 0, 12600, 0, "+0330");
    check_offset(tz, civil_s(2500, 7, 1, 0, 0, 0), 12600, 0, "+0330");
    check_unique(tz, 12600, 0);
    free_tz(tz);
}
END_TEST

START_TEST(posix_israel_hour_26)
{
    const char *s = "IST-2IDT,M3.4.4/26,M10.5.0";
    lcc__tz *tz = posix_zone(s);
    /* 4th Thursday of March 2026 is the 26th: 26:00 = Friday 27th 02:00. */
    check_gap(tz, civil_s(2026, 3, 27, 2, 30, 0), civil_s(2026, 3, 27, 0, 0, 0), 7200, 10800);
    check_offset(tz, civil_s(2026, 3, 26, 23, 59, 59), 7200, 0, "IST");
    check_offset(tz, civil_s(2026, 3, 27, 0, 0, 0), 10800, 1, "IDT");
    check_fold(tz, civil_s(2026, 10, 25, 1, 30, 0), civil_s(2026, 10, 24, 22, 30, 0),
               civil_s(2026, 10, 24, 23, 30, 0));
    cross_check(tz, s, 0, INT32_MAX, 3000);
    free_tz(tz);
}
END_TEST

START_TEST(posix_negative_times)
{
    const char *s = "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1";
    lcc__tz *tz = posix_zone(s);
    /* Last Sunday of March 2026 = 29th; -2:00 = Saturday 22:00 local. */
    check_gap(tz, civil_s(2026, 3, 28, 22, 30, 0), civil_s(2026, 3, 29, 1, 0, 0), -10800, -7200);
    /* Last Sunday of October 2026 = 25th; -1:00 DST = Saturday 23:00 -> 22:00. */
    check_fold(tz, civil_s(2026, 10, 24, 22, 30, 0), civil_s(2026, 10, 25, 0, 30, 0),
               civil_s(2026, 10, 25, 1, 30, 0));
    check_offset(tz, civil_s(2026, 7, 1, 0, 0, 0), -7200, 1, "-02");
    check_offset(tz, civil_s(2026, 1, 1, 0, 0, 0), -10800, 0, "-03");
    cross_check(tz, s, 0, INT32_MAX, 3000);
    free_tz(tz);
}
END_TEST

START_TEST(posix_all_year_dst)
{
    lcc__tz *tz = posix_zone("EST5EDT,0/0,J365/25");
    for (int i = 0; i < 3000; i++) {
        int64_t t = (int64_t)(rnd() % 20000000000u) - 5000000000;
        check_offset(tz, t, -14400, 1, "EDT");
    }
    for (int y = 2020; y < 2030; y++) { /* around the year boundaries */
        int64_t t = civil_s(y, 1, 1, 5, 0, 0);
        for (int64_t dt = -7200; dt <= 7200; dt += 60)
            check_offset(tz, t + dt, -14400, 1, "EDT");
        check_unique(tz, civil_s(y, 1, 1, 0, 30, 0), civil_s(y, 1, 1, 4, 30, 0));
    }
    /* (No libc cross-check: glibc does not implement this RFC 8536 idiom.) */
    free_tz(tz);
}
END_TEST

START_TEST(posix_more_rules)
{
    static const char *const ok[] = {
        "CET-1CEST,M3.5.0,M10.5.0/3", "NZST-12NZDT,M9.5.0,M4.1.0/3", "<+14>-14",
        "EST+5EDT+4,M3.2.0/2:00:00,M11.1.0/2:00:00", "AAA3BBB,J60/0,J300/23:59:59",
        "AAA-5:45BBB-6:45,59,300/-167", "<-01>1<+00>0,M3.5.0/0,M10.5.0/1",
        "UTC0", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        lcc__posixtz p;
        ck_assert_msg(lcc__posixtz_parse(&p, ok[i], strlen(ok[i])) == 0, "%s", ok[i]);
        lcc__tz *tz = posix_zone(ok[i]);
        cross_check(tz, ok[i], 0, INT32_MAX, 500);
        cross_check(tz, ok[i], INT32_MAX, (int64_t)INT32_MAX * 4, 200);
        free_tz(tz);
    }
    static const char *const bad[] = {
        "", "E5", "EST", "EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0", "EST25",
        "<+03", "<+03>", "<>3", "EST5EDT,M3.2.0/168,M11.1.0", "EST5EDT,J0,J365",
        "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5x", "EST5EDT,",
        "EST5EDT,M3.2.0,M11.1.0,", "EST5:60", "EST5EDT,366,0", "<+0 3>-3", "EST5EDT;M3",
        "EST5EDT,M0.1.0,M11.1.0", "EST5EDT,M3.0.0,M11.1.0", "EST5EDT4x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lcc__posixtz p;
        ck_assert_msg(lcc__posixtz_parse(&p, bad[i], strlen(bad[i])) != 0, "accepted %s",
                      bad[i]);
    }
    /* No rules: the traditional US default M3.2.0,M11.1.0 (glibc would use
     * its posixrules file instead, so no cross-check). */
    lcc__tz *tz = posix_zone("EST5EDT");
    check_gap(tz, civil_s(2026, 3, 8, 2, 30, 0), civil_s(2026, 3, 8, 7, 0, 0), -18000, -14400);
    check_offset(tz, civil_s(1970, 3, 24, 0, 0, 0), -14400, 1, "EDT");
    free_tz(tz);
    /* The parser respects the length (no NUL needed). */
    lcc__posixtz p;
    ck_assert_int_eq(lcc__posixtz_parse(&p, "EST5EDT,M3.2.0,M11.1.0garbage", 22), 0);
    ck_assert_int_eq(p.std_off, -18000);
    ck_assert_int_eq(p.dst_off, -14400);
    ck_assert_str_eq(p.dst_abbr, "EDT");
}
END_TEST

/* ------------------------------------------------ TZif format handling */

static const int64_t nyish_trans[] = {-100000000, 0, 1000000, 2000000, 3000000};
static const unsigned char nyish_idx[] = {1, 2, 1, 2, 1};
static const tb_type nyish_types[] = {{-17762, 0, 0}, {-18000, 0, 4}, {-14400, 1, 8}};
static const char nyish_chars[] = "LMT\0EST\0EDT";

static tzb nyish(char version)
{
    tzb b = {.version = version, .ntrans = 5, .trans = nyish_trans, .idx = nyish_idx,
             .ntypes = 3, .types = nyish_types, .chars = nyish_chars,
             .nchars = sizeof nyish_chars, .footer = "EST5EDT,M3.2.0,M11.1.0"};
    return b;
}

START_TEST(tzif_versions)
{
    unsigned char buf[4096];
    static const char versions[] = {0, '2', '3', '4'};
    for (size_t v = 0; v < sizeof versions; v++) {
        for (int variant = 0; variant < 4; variant++) {
            tzb b = nyish(versions[v]);
            b.nleap = variant & 1 ? 3 : 0;
            b.indicators = variant & 2;
            b.minimal_v1 = variant & 1;
            size_t len = build_tzif(buf, &b);
            lcc__tz *tz = NULL;
            char err[128] = "";
            ck_assert_msg(parse_buf(&tz, buf, len, err, sizeof err) == LCC_OK, "v%d: %s",
                          versions[v], err);
            ck_assert_str_eq(lcc__tz_name(tz), "Test/Zone");
            check_offset(tz, -200000000, -17762, 0, "LMT"); /* before: type 0 */
            check_offset(tz, -100000000, -18000, 0, "EST");
            check_offset(tz, 500, -14400, 1, "EDT");
            check_offset(tz, 2500000, -14400, 1, "EDT");
            check_offset(tz, 3000000, -18000, 0, "EST");
            if (versions[v]) /* footer governs after the table */
                check_offset(tz, civil_s(2026, 7, 1, 0, 0, 0), -14400, 1, "EDT");
            else /* v1: the last type stays */
                check_offset(tz, civil_s(2026, 7, 1, 0, 0, 0), -18000, 0, "EST");
            check_fold(tz, 1000000 - 14400 - 1800, 1000000 - 1800, 1000000 + 1800);
            check_gap(tz, 2000000 - 18000 + 1800, 2000000, -18000, -14400);
            free_tz(tz);
        }
    }
}
END_TEST

START_TEST(tzif_footer_edge)
{
    unsigned char buf[4096];
    /* Empty footer: last type continues. */
    tzb b = nyish('2');
    b.footer = "";
    size_t len = build_tzif(buf, &b);
    lcc__tz *tz = NULL;
    ck_assert_int_eq(parse_buf(&tz, buf, len, NULL, 0), LCC_OK);
    check_offset(tz, civil_s(2026, 7, 1, 0, 0, 0), -18000, 0, "EST");
    free_tz(tz);
    /* No transitions: the footer describes all times. */
    b.ntrans = 0;
    b.footer = "EST5EDT,M3.2.0,M11.1.0";
    len = build_tzif(buf, &b);
    ck_assert_int_eq(parse_buf(&tz, buf, len, NULL, 0), LCC_OK);
    check_offset(tz, civil_s(1900, 7, 1, 0, 0, 0), -14400, 1, "EDT");
    check_offset(tz, civil_s(1900, 1, 1, 0, 0, 0), -18000, 0, "EST");
    free_tz(tz);
    /* Footer disagreeing with the last type: hand-over right after it. */
    const int64_t t1[] = {civil_s(2026, 7, 1, 0, 0, 0)};
    static const unsigned char i1[] = {1};
    b.ntrans = 1;
    b.trans = t1;
    b.idx = i1; /* EST in July, footer says EDT */
    len = build_tzif(buf, &b);
    ck_assert_int_eq(parse_buf(&tz, buf, len, NULL, 0), LCC_OK);
    check_offset(tz, t1[0], -18000, 0, "EST");
    check_offset(tz, t1[0] + 1, -14400, 1, "EDT");
    lcc__tz_local r;
    lcc__tz_local_to_utc(tz, t1[0] - 18000 + 1800, &r);
    ck_assert_int_eq(r.count, 0);
    ck_assert_int_eq(r.transition_utc, t1[0] + 1);
    free_tz(tz);
}
END_TEST

typedef void (*mutator)(tzb *b, int64_t *trans, unsigned char *idx, tb_type *types, char *chars);
static void m_order(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)b; (void)i; (void)y; (void)c; t[2] = t[1]; }
static void m_index(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)b; (void)t; (void)y; (void)c; i[3] = 3; }
static void m_abbr_range(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)b; (void)t; (void)i; (void)c; y[1].abbr = 12; }
static void m_abbr_nul(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)t; (void)i; (void)y; c[11] = 'X'; b->nchars = 12; }
static void m_utoff_min(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)b; (void)t; (void)i; (void)c; y[2].utoff = INT32_MIN; }
static void m_utoff_big(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)b; (void)t; (void)i; (void)c; y[0].utoff = 26 * 3600; }
static void m_isdst(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)b; (void)t; (void)i; (void)c; y[1].isdst = 2; }
static void m_notypes(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)t; (void)i; (void)y; (void)c; b->ntypes = 0; b->ntrans = 0; }
static void m_nochars(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)t; (void)i; (void)c; b->nchars = 0; y[0].abbr = y[1].abbr = y[2].abbr = 0; }
static void m_footer(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)t; (void)i; (void)y; (void)c; b->footer = "EST5EDT,M3.2.0"; }
static void m_footer_nl(tzb *b, int64_t *t, unsigned char *i, tb_type *y, char *c)
{ (void)t; (void)i; (void)y; (void)c; b->footer = "EST5EDT,M3.2.0,M11.1.0 "; }

START_TEST(tzif_invalid)
{
    static const mutator muts[] = {m_order, m_index, m_abbr_range, m_abbr_nul, m_utoff_min,
                                   m_utoff_big, m_isdst, m_notypes, m_nochars, m_footer,
                                   m_footer_nl};
    unsigned char buf[4096];
    for (size_t m = 0; m < sizeof muts / sizeof muts[0]; m++) {
        int64_t trans[5];
        unsigned char idx[5];
        tb_type types[3];
        char chars[sizeof nyish_chars];
        memcpy(trans, nyish_trans, sizeof trans);
        memcpy(idx, nyish_idx, sizeof idx);
        memcpy(types, nyish_types, sizeof types);
        memcpy(chars, nyish_chars, sizeof chars);
        for (int v = 0; v < 2; v++) {
            tzb b = nyish(v ? '2' : 0);
            b.trans = trans;
            b.idx = idx;
            b.types = types;
            b.chars = chars;
            muts[m](&b, trans, idx, types, chars);
            if (!v && (muts[m] == m_footer || muts[m] == m_footer_nl))
                continue;
            size_t len = build_tzif(buf, &b);
            lcc__tz *tz = (lcc__tz *)buf;
            char err[128] = "";
            ck_assert_msg(parse_buf(&tz, buf, len, err, sizeof err) == LCC_EFORMAT,
                          "mutation %zu v%d accepted", m, v);
            ck_assert_ptr_eq(tz, (lcc__tz *)buf);
            ck_assert_msg(strncmp(err, "TZif: ", 6) == 0 && strlen(err) > 8, "msg %s", err);
        }
    }
    /* Header-level problems on a valid image. */
    tzb b = nyish('2');
    b.indicators = 1;
    size_t len = build_tzif(buf, &b);
    size_t h2 = 4;
    while (memcmp(buf + h2, "TZif", 4) != 0)
        h2++;
    lcc__tz *tz;
    unsigned char copy[4096];
    struct { size_t off; unsigned char val; } pokes[] = {
        {0, 'X'}, {4, '1'}, {4, '5'}, {h2, 'X'}, {h2 + 4, '3'}, /* version differs */
        {h2 + 23, 2},                                             /* isutcnt != typecnt */
        {h2 + 39, 0},                                             /* typecnt 0 */
        {h2 + 35, 4},                                             /* timecnt 5 -> 4 */
    };
    for (size_t i = 0; i < sizeof pokes / sizeof pokes[0]; i++) {
        memcpy(copy, buf, len);
        copy[pokes[i].off] = pokes[i].val;
        ck_assert_msg(parse_buf(&tz, copy, len, NULL, 0) == LCC_EFORMAT, "poke %zu", i);
    }
    /* isut = 1 with isstd = 0: the indicator arrays end right before the
     * footer "\n...\n": 3 isstd then 3 isut bytes. */
    memcpy(copy, buf, len);
    size_t fl = strlen(b.footer) + 2;
    copy[len - fl - 6] = 0;
    ck_assert_int_eq(parse_buf(&tz, copy, len, NULL, 0), LCC_EFORMAT);
    memcpy(copy, buf, len);
    copy[len - fl - 1] = 2;
    ck_assert_int_eq(parse_buf(&tz, copy, len, NULL, 0), LCC_EFORMAT);
    /* The v1 block of a v2 file is skipped: garbage in its data is fine. */
    memcpy(copy, buf, len);
    memset(copy + 44, 0xEE, 5 * 4);
    ck_assert_int_eq(parse_buf(&tz, copy, len, NULL, 0), LCC_OK);
    free_tz(tz);
    /* Trailing bytes after the footer are ignored. */
    memcpy(copy, buf, len);
    copy[len] = 'x';
    ck_assert_int_eq(parse_buf(&tz, copy, len + 1, NULL, 0), LCC_OK);
    free_tz(tz);
    /* Counts so large that their sum would overflow 32 bits. */
    memcpy(copy, buf, len);
    put32(copy + 32, 0xFFFFFFFFu);
    ck_assert_int_eq(parse_buf(&tz, copy, len, NULL, 0), LCC_EFORMAT);
    memset(copy + 20, 0xFF, 24);
    ck_assert_int_eq(parse_buf(&tz, copy, len, NULL, 0), LCC_EFORMAT);
    ck_assert_int_eq(parse_buf(&tz, NULL, 0, NULL, 0), LCC_EFORMAT);
}
END_TEST

START_TEST(truncations)
{
    static const char *const files[] = {"Europe/Paris", "America/New_York", "UTC",
                                        "Asia/Kolkata"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[256];
        snprintf(path, sizeof path, ZONEINFO "/%s", files[f]);
        size_t len;
        unsigned char *full = slurp(path, &len);
        lcc__tz *tz;
        ck_assert_int_eq(parse_buf(&tz, full, len, NULL, 0), LCC_OK);
        free_tz(tz);
        for (size_t n = 0; n < len; n++) {
            /* An exact-size copy, so that ASan catches any over-read. */
            unsigned char *p = malloc(n ? n : 1);
            memcpy(p, full, n);
            char err[128] = "";
            tz = NULL;
            ck_assert_msg(parse_buf(&tz, p, n, err, sizeof err) == LCC_EFORMAT,
                          "%s: prefix %zu accepted", files[f], n);
            ck_assert_ptr_null(tz);
            ck_assert_uint_gt(strlen(err), 6);
            free(p);
        }
        free(full);
    }
    /* v1 files: every prefix of the data block fails too. */
    unsigned char buf[4096];
    tzb b = nyish(0);
    size_t len = build_tzif(buf, &b);
    for (size_t n = 0; n < len; n++) {
        lcc__tz *tz;
        ck_assert_int_eq(parse_buf(&tz, buf, n, NULL, 0), LCC_EFORMAT);
    }
}
END_TEST

START_TEST(random_flips)
{
    size_t len;
    unsigned char *full = slurp(ZONEINFO "/Europe/Paris", &len);
    unsigned char *p = malloc(len);
    uint64_t seed = rng_state;
    rng_state = 12345;
    int accepted = 0;
    for (int i = 0; i < 30000; i++) {
        memcpy(p, full, len);
        int flips = 1 + (int)(rnd() % 4);
        for (int k = 0; k < flips; k++) {
            size_t at = (size_t)(rnd() % (i % 3 == 0 ? 160 : len)); /* headers often */
            p[at] ^= (unsigned char)(1u << (rnd() % 8));
        }
        lcc__tz *tz = NULL;
        char err[64];
        lcc_status st = parse_buf(&tz, p, len, err, sizeof err);
        ck_assert(st == LCC_OK || st == LCC_EFORMAT);
        if (st == LCC_OK) {
            accepted++;
            for (int k = 0; k < 8; k++) {
                int64_t t = (int64_t)(rnd() % 20000000000u) - 6000000000;
                lcc__tz_local r;
                lcc__tz_offset_at(tz, t, NULL, NULL, NULL);
                lcc__tz_local_to_utc(tz, t, &r);
                ck_assert(r.count >= 0 && r.count <= 2);
            }
            lcc__tz_offset_at(tz, INT64_MIN, NULL, NULL, NULL);
            lcc__tz_offset_at(tz, INT64_MAX, NULL, NULL, NULL);
            lcc__tz_local r;
            lcc__tz_local_to_utc(tz, INT64_MAX, &r);
            lcc__tz_local_to_utc(tz, INT64_MIN, &r);
            free_tz(tz);
        }
    }
    ck_assert_int_gt(accepted, 0); /* flips in transition times etc. */
    rng_state = seed;
    free(p);
    free(full);
}
END_TEST

START_TEST(extreme_instants)
{
    lcc__tzdb *db = open_db(NULL);
    const lcc__tz *tz = zone(db, "America/New_York");
    int32_t o;
    lcc__tz_offset_at(tz, INT64_MAX, &o, NULL, NULL);
    lcc__tz_offset_at(tz, INT64_MIN, &o, NULL, NULL);
    lcc__tz_local r;
    lcc__tz_local_to_utc(tz, INT64_MAX, &r);
    lcc__tz_local_to_utc(tz, INT64_MIN, &r);
    lcc__tz_offset_at(tz, 0, NULL, NULL, NULL);
    lcc__tzdb_free(db);
}
END_TEST

/* --------------------------------------------------- custom tz dirs */

static char tmpdir[256];

static void make_tree(int with_zi)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/lcc-tz-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    char path[512];
    snprintf(path, sizeof path, "%s/Test", tmpdir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    size_t len;
    unsigned char *paris = slurp(ZONEINFO "/Europe/Paris", &len);
    snprintf(path, sizeof path, "%s/Test/Good", tmpdir);
    spit(path, paris, len);
    snprintf(path, sizeof path, "%s/localtime", tmpdir);
    spit(path, paris, len);
    snprintf(path, sizeof path, "%s/Test/Bad", tmpdir);
    spit(path, paris, len / 2);
    snprintf(path, sizeof path, "%s/Test/Text", tmpdir);
    spit(path, "hello, world\n", 13);
    free(paris);
    if (with_zi) {
        static const char zi[] = "# version test\n"
                                 "Z Test/Good 0:9:21 - LMT 1891 Mar 16\n"
                                 "\t1 - CET\n"
                                 "R X 2000 o - Mar lastSu 1u 1 S\n"
                                 "Z Test/Bad 0 - X\n"
                                 "Z  Test/Text\t0 - X\n"
                                 "L Test/Good Test/Link\n"
                                 "Z Factory 0 - -00\n"
                                 "Z ../escape 0 - X\n";
        snprintf(path, sizeof path, "%s/tzdata.zi", tmpdir);
        spit(path, zi, sizeof zi - 1);
    }
}

static void remove_tree(void)
{
    static const char *const files[] = {"Test/Good", "Test/Bad", "Test/Text", "localtime",
                                        "tzdata.zi", "Test/Plain", "Test"};
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
        if (unlink(path) != 0)
            rmdir(path);
    }
    ck_assert_int_eq(rmdir(tmpdir), 0);
}

static lcc_status get_st(lcc__tzdb *db, const char *name, char *err, size_t errlen)
{
    const lcc__tz *tz = NULL;
    return lcc__tzdb_get(&tz, db, name, err, errlen);
}

START_TEST(custom_tzdir_without_list)
{
    make_tree(0);
    lcc__tzdb *db = open_db(tmpdir);
    char err[256] = "";
    const lcc__tz *good = zone(db, "Test/Good");
    check_offset(good, civil_s(2026, 7, 1, 0, 0, 0), 7200, 1, "CEST");
    ck_assert_int_eq(get_st(db, "Test/Bad", err, sizeof err), LCC_EFORMAT);
    ck_assert_msg(strstr(err, "\"Test/Bad\"") && strstr(err, "truncated"), "msg: %s", err);
    ck_assert_int_eq(get_st(db, "Test/Text", err, sizeof err), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(get_st(db, "localtime", err, sizeof err), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(get_st(db, "Test", err, sizeof err), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(get_st(db, "Test/Missing", err, sizeof err), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(get_st(db, "Europe/Paris", err, sizeof err), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(get_st(db, "../Test/Good", err, sizeof err), LCC_EUNKNOWN_ZONE);
    const char *const *names;
    size_t n;
    ck_assert_int_eq(lcc__tzdb_names(&names, &n, db), LCC_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(names[0], "Test/Bad");
    ck_assert_str_eq(names[1], "Test/Good");
    ck_assert_ptr_eq(zone(db, "Test/Good"), good);
    lcc__tzdb_free(db);
    remove_tree();
}
END_TEST

START_TEST(custom_tzdir_with_list)
{
    make_tree(1);
    char path[512];
    snprintf(path, sizeof path, "%s/Test/Plain", tmpdir);
    spit(path, "TZif", 4); /* a TZif file that tzdata.zi does not list */
    lcc__tzdb *db = open_db(tmpdir);
    char err[256] = "";
    zone(db, "Test/Good");
    ck_assert_int_eq(get_st(db, "Test/Bad", err, sizeof err), LCC_EFORMAT);
    ck_assert_msg(strstr(err, "Test/Bad") != NULL, "msg: %s", err);
    ck_assert_int_eq(get_st(db, "Test/Text", err, sizeof err), LCC_EFORMAT); /* listed */
    ck_assert_int_eq(get_st(db, "Test/Link", err, sizeof err), LCC_EUNKNOWN_ZONE); /* no file */
    ck_assert_int_eq(get_st(db, "Test/Plain", err, sizeof err), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(get_st(db, "Factory", err, sizeof err), LCC_EUNKNOWN_ZONE);
    const char *const *names;
    size_t n;
    ck_assert_int_eq(lcc__tzdb_names(&names, &n, db), LCC_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(names[0], "Test/Bad");
    ck_assert_str_eq(names[1], "Test/Good");
    ck_assert_str_eq(names[2], "Test/Link");
    ck_assert_str_eq(names[3], "Test/Text");
    lcc__tzdb_free(db);
    remove_tree();

    /* A missing tz directory: no zones, names fail with EIO. */
    db = open_db("/nonexistent/zoneinfo");
    ck_assert_int_eq(get_st(db, "Europe/Paris", err, sizeof err), LCC_EUNKNOWN_ZONE);
    ck_assert_int_eq(lcc__tzdb_names(&names, &n, db), LCC_EIO);
    lcc__tzdb_free(db);
}
END_TEST

/* ------------------------------------------------- allocation failures */

static lcc_status db_workload(const lcc_allocator *a, const char *tzdir)
{
    lcc__tzdb *db = NULL;
    lcc_status st = lcc__tzdb_new(&db, a, tzdir);
    if (st != LCC_OK)
        return st;
    const lcc__tz *tz;
    const char *const *names;
    size_t n;
    char err[128];
    const char *z1 = tzdir ? "Test/Good" : "Europe/Paris";
    const char *z2 = tzdir ? "localtime" : "US/Eastern";
    if ((st = lcc__tzdb_get(&tz, db, z1, err, sizeof err)) == LCC_OK &&
        (st = lcc__tzdb_names(&names, &n, db)) == LCC_OK &&
        lcc__tzdb_get(&tz, db, z2, err, sizeof err) == LCC_ENOMEM)
        st = LCC_ENOMEM;
    if (st == LCC_OK)
        st = lcc__tzdb_get(&tz, db, z1, err, sizeof err);
    lcc__tzdb_free(db);
    return st;
}

static void alloc_sweep(const char *tzdir)
{
    for (long n = 1;; n++) {
        failing f = {0, n, 0};
        lcc_allocator in = {sizeof in, f_malloc, f_realloc, f_free, &f}, a;
        lcc__allocator_normalise(&a, &in);
        lcc_status st = db_workload(&a, tzdir);
        ck_assert_msg(f.live == 0, "fail_at %ld: %ld allocations leaked", n, f.live);
        if (f.calls < n) {
            ck_assert_int_eq(st, LCC_OK);
            ck_assert_int_gt(n, 5);
            break;
        }
        ck_assert_msg(st == LCC_ENOMEM, "fail_at %ld: status %d", n, (int)st);
    }
}

START_TEST(allocation_failures)
{
    alloc_sweep(NULL);
    make_tree(0);
    alloc_sweep(tmpdir);
    remove_tree();
    /* Direct parse. */
    size_t len;
    unsigned char *paris = slurp(ZONEINFO "/Europe/Paris", &len);
    for (long n = 1;; n++) {
        failing f = {0, n, 0};
        lcc_allocator in = {sizeof in, f_malloc, f_realloc, f_free, &f}, a;
        lcc__allocator_normalise(&a, &in);
        lcc__tz *tz = NULL;
        lcc_status st = lcc__tz_parse(&tz, &a, "Europe/Paris", paris, len, NULL, 0);
        if (st == LCC_OK)
            lcc__tz_free(tz, &a);
        ck_assert_int_eq(f.live, 0);
        if (f.calls < n)
            break;
        ck_assert_int_eq(st, LCC_ENOMEM);
        ck_assert_ptr_null(tz);
    }
    free(paris);
}
END_TEST

/* ------------------------------------------------------------------ main */

static Suite *tz_suite(void)
{
    Suite *s = suite_create("tz");
    TCase *c = tcase_create("zones");
    tcase_add_test(c, new_york_gap_fold);
    tcase_add_test(c, paris_offsets);
    tcase_add_test(c, far_future_footer);
    tcase_add_test(c, lord_howe_half_hour);
    tcase_add_test(c, southern_hemisphere);
    tcase_add_test(c, fixed_and_negative_dst);
    tcase_add_test(c, links_and_cache);
    tcase_add_test(c, rejected_names);
    tcase_add_test(c, names_list);
    tcase_add_test(c, cross_check_libc);
    tcase_add_test(c, local_to_utc_consistent);
    tcase_add_test(c, extreme_instants);
    suite_add_tcase(s, c);

    c = tcase_create("posix");
    tcase_add_test(c, posix_us);
    tcase_add_test(c, posix_quoted_fixed);
    tcase_add_test(c, posix_israel_hour_26);
    tcase_add_test(c, posix_negative_times);
    tcase_add_test(c, posix_all_year_dst);
    tcase_add_test(c, posix_more_rules);
    suite_add_tcase(s, c);

    c = tcase_create("tzif");
    tcase_add_test(c, tzif_versions);
    tcase_add_test(c, tzif_footer_edge);
    tcase_add_test(c, tzif_invalid);
    tcase_add_test(c, truncations);
    tcase_add_test(c, random_flips);
    suite_add_tcase(s, c);

    c = tcase_create("db");
    tcase_add_test(c, custom_tzdir_without_list);
    tcase_add_test(c, custom_tzdir_with_list);
    tcase_add_test(c, allocation_failures);
    suite_add_tcase(s, c);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(tz_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
