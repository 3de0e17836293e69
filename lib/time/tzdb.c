/* Per-context zone database: name validation against <tzdir>/tzdata.zi,
 * lazy loading and caching of TZif files. */
#include "time/tz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

#define DEFAULT_TZDIR "/usr/share/zoneinfo"
#define MAX_NAME 255
#define MAX_ZONE_FILE (1u << 20)
#define MAX_ZI_FILE (16u << 20)
#define MAX_SCAN_DEPTH 4

enum { LIST_UNLOADED, LIST_ZI, LIST_NONE /* no tzdata.zi: check files */ };
enum { RF_OK, RF_NOENT, RF_NOTREG, RF_TOOBIG, RF_IO, RF_NOMEM };

struct lcc__tzdb {
    lcc_allocator a;
    char *tzdir;
    int list;             /* LIST_* */
    int names_ready;      /* names[] is complete (always so for LIST_ZI) */
    char *namebuf;        /* NUL-separated names */
    const char **names;   /* sorted, unique */
    size_t nnames;
    lcc__tz **cache;      /* sorted by name */
    size_t ncache, capcache;
};

static void set_err(char *err, size_t errlen, const char *a, const char *b, const char *c)
{
    if (err && errlen)
        snprintf(err, errlen, "%s%s%s", a, b, c);
}

/* A name that may be looked up: [A-Za-z0-9._+-] components, no empty, "."
 * or ".." component, and none of the non-zone files of a tz directory. */
static int name_ok(const char *s, size_t len)
{
    if (len == 0 || len > MAX_NAME)
        return 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '/') {
            size_t n = i - start;
            if (n == 0 || (n == 1 && s[start] == '.') ||
                (n == 2 && s[start] == '.' && s[start + 1] == '.'))
                return 0;
            start = i + 1;
            continue;
        }
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '+' || c == '-'))
            return 0;
    }
    static const char *const bad[] = {"localtime", "posixrules", "Factory", "posix", "right"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = strlen(bad[i]);
        if (len >= n && memcmp(s, bad[i], n) == 0 && (len == n || s[n] == '/'))
            return 0;
    }
    return 1;
}

/* Reads a whole regular file of at most `max` bytes. */
static int read_file(const lcc_allocator *a, const char *path, size_t max,
                     unsigned char **out, size_t *len)
{
    struct stat st;
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? RF_NOENT : RF_IO;
    int rc = RF_OK;
    unsigned char *buf = NULL;
    size_t n = 0;
    if (fstat(fd, &st) != 0)
        rc = RF_IO;
    else if (!S_ISREG(st.st_mode))
        rc = RF_NOTREG;
    else if (st.st_size < 0 || (uintmax_t)st.st_size > max)
        rc = RF_TOOBIG;
    else if (!(buf = lcc__malloc(a, (size_t)st.st_size)))
        rc = RF_NOMEM;
    while (rc == RF_OK && n < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            rc = RF_IO;
        else if (r == 0)
            break;
        else
            n += (size_t)r;
    }
    close(fd);
    if (rc != RF_OK) {
        lcc__free(a, buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return RF_OK;
}

static char *join_path(const lcc_allocator *a, const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *p = lcc__malloc(a, dl + nl + 2);
    if (p) {
        memcpy(p, dir, dl);
        p[dl] = '/';
        memcpy(p + dl + 1, name, nl + 1);
    }
    return p;
}

/* Zone ('Z', 2nd field) and link ('L', 3rd field) names of tzdata.zi text.
 * Counts them and their bytes; with `names` set, also copies them. */
static size_t zi_names(const char *s, size_t len, size_t *bytes, const char **names,
                       char *store)
{
    size_t count = 0, i = 0;
    *bytes = 0;
    while (i < len) {
        size_t eol = i;
        while (eol < len && s[eol] != '\n')
            eol++;
        size_t fs[3], fl[3];
        int nf = 0;
        for (size_t p = i; nf < 3;) {
            while (p < eol && (s[p] == ' ' || s[p] == '\t'))
                p++;
            if (p >= eol)
                break;
            fs[nf] = p;
            while (p < eol && s[p] != ' ' && s[p] != '\t')
                p++;
            fl[nf] = p - fs[nf];
            nf++;
        }
        int f = -1;
        if (nf >= 2 && fl[0] == 1 && s[fs[0]] == 'Z')
            f = 1;
        else if (nf == 3 && fl[0] == 1 && s[fs[0]] == 'L')
            f = 2;
        if (f > 0 && name_ok(s + fs[f], fl[f])) {
            if (names) {
                memcpy(store, s + fs[f], fl[f]);
                store[fl[f]] = '\0';
                names[count] = store;
                store += fl[f] + 1;
            }
            count++;
            *bytes += fl[f] + 1;
        }
        i = eol + 1;
    }
    return count;
}

static int cmp_name(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Takes ownership of namebuf holding `count` NUL-separated names. */
static lcc_status set_names(lcc__tzdb *db, char *namebuf, size_t count)
{
    const char **names = lcc__calloc(&db->a, count ? count : 1, sizeof *names);
    if (!names) {
        lcc__free(&db->a, namebuf);
        return LCC_ENOMEM;
    }
    const char *p = namebuf;
    for (size_t i = 0; i < count; i++, p += strlen(p) + 1)
        names[i] = p;
    qsort(names, count, sizeof *names, cmp_name);
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (n == 0 || strcmp(names[n - 1], names[i]) != 0)
            names[n++] = names[i];
    db->namebuf = namebuf;
    db->names = names;
    db->nnames = n;
    db->names_ready = 1;
    return LCC_OK;
}

/* Reads tzdata.zi once; without it the database checks files instead. */
static lcc_status load_list(lcc__tzdb *db)
{
    if (db->list != LIST_UNLOADED)
        return LCC_OK;
    char *path = join_path(&db->a, db->tzdir, "tzdata.zi");
    if (!path)
        return LCC_ENOMEM;
    unsigned char *buf = NULL;
    size_t len = 0, bytes;
    int rc = read_file(&db->a, path, MAX_ZI_FILE, &buf, &len);
    lcc__free(&db->a, path);
    if (rc == RF_NOENT) {
        db->list = LIST_NONE;
        return LCC_OK;
    }
    if (rc == RF_NOMEM)
        return LCC_ENOMEM;
    if (rc != RF_OK)
        return LCC_EIO;
    size_t count = zi_names((const char *)buf, len, &bytes, NULL, NULL);
    char *store = lcc__malloc(&db->a, bytes);
    const char **tmp = lcc__calloc(&db->a, count ? count : 1, sizeof *tmp);
    if (!store || !tmp) {
        lcc__free(&db->a, store);
        lcc__free(&db->a, tmp);
        lcc__free(&db->a, buf);
        return LCC_ENOMEM;
    }
    zi_names((const char *)buf, len, &bytes, tmp, store);
    lcc__free(&db->a, tmp);
    lcc__free(&db->a, buf);
    lcc_status st = set_names(db, store, count);
    if (st == LCC_OK)
        db->list = LIST_ZI;
    return st;
}

/* Directory scan for a tzdir without tzdata.zi: names of TZif files. */
typedef struct scan {
    lcc__tzdb *db;
    char *buf;
    size_t len, cap, count;
    char path[4096];
    size_t root; /* length of the tzdir prefix in path */
} scan;

static int is_tzif_file(const char *path)
{
    unsigned char m[4];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t r = read(fd, m, sizeof m);
    close(fd);
    return r == 4 && memcmp(m, "TZif", 4) == 0;
}

static lcc_status scan_dir(scan *s, size_t plen, int depth)
{
    DIR *d = opendir(s->path);
    struct dirent *e;
    lcc_status st = LCC_OK;
    if (!d)
        return depth == 0 ? LCC_EIO : LCC_OK;
    while (st == LCC_OK && (e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        struct stat sb;
        if (e->d_name[0] == '.' || plen + 1 + nl >= sizeof s->path)
            continue;
        s->path[plen] = '/';
        memcpy(s->path + plen + 1, e->d_name, nl + 1);
        const char *rel = s->path + s->root + 1;
        if (!name_ok(rel, strlen(rel)) || stat(s->path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth < MAX_SCAN_DEPTH) {
            st = scan_dir(s, plen + 1 + nl, depth + 1);
        } else if (S_ISREG(sb.st_mode) && is_tzif_file(s->path)) {
            size_t rl = strlen(rel) + 1;
            if (lcc__grow(&s->db->a, (void **)&s->buf, &s->cap, s->len + rl, 1))
                st = LCC_ENOMEM;
            else {
                memcpy(s->buf + s->len, rel, rl);
                s->len += rl;
                s->count++;
            }
        }
    }
    s->path[plen] = '\0';
    closedir(d);
    return st;
}

static lcc_status scan_names(lcc__tzdb *db)
{
    scan *s = lcc__calloc(&db->a, 1, sizeof *s);
    if (!s)
        return LCC_ENOMEM;
    s->db = db;
    s->root = strlen(db->tzdir);
    lcc_status st = LCC_EIO;
    if (s->root < sizeof s->path) {
        memcpy(s->path, db->tzdir, s->root + 1);
        st = scan_dir(s, s->root, 0);
    }
    if (st == LCC_OK)
        st = set_names(db, s->buf, s->count); /* takes s->buf */
    else
        lcc__free(&db->a, s->buf);
    lcc__free(&db->a, s);
    return st;
}

lcc_status lcc__tzdb_new(lcc__tzdb **out, const lcc_allocator *a, const char *tzdir)
{
    lcc_allocator al;
    lcc__allocator_normalise(&al, a);
    lcc__tzdb *db = lcc__calloc(&al, 1, sizeof *db);
    if (!db)
        return LCC_ENOMEM;
    db->a = al;
    db->tzdir = lcc__strdup(&al, tzdir ? tzdir : DEFAULT_TZDIR);
    if (!db->tzdir) {
        lcc__free(&al, db);
        return LCC_ENOMEM;
    }
    *out = db;
    return LCC_OK;
}

void lcc__tzdb_free(lcc__tzdb *db)
{
    if (!db)
        return;
    lcc_allocator a = db->a;
    for (size_t i = 0; i < db->ncache; i++)
        lcc__tz_free(db->cache[i], &a);
    lcc__free(&a, db->cache);
    lcc__free(&a, db->names);
    lcc__free(&a, db->namebuf);
    lcc__free(&a, db->tzdir);
    lcc__free(&a, db);
}

/* Index of name in the sorted cache, or of its insertion point (*found 0). */
static size_t cache_find(const lcc__tzdb *db, const char *name, int *found)
{
    size_t lo = 0, hi = db->ncache;
    *found = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(lcc__tz_name(db->cache[mid]), name);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int listed(const lcc__tzdb *db, const char *name)
{
    return bsearch(&name, db->names, db->nnames, sizeof *db->names, cmp_name) != NULL;
}

lcc_status lcc__tzdb_get(const lcc__tz **out, lcc__tzdb *db, const char *name,
                         char *err, size_t errlen)
{
    static const char unknown[] = "unknown time zone \"";
    int found;
    if (!name || strnlen(name, MAX_NAME + 1) > MAX_NAME) {
        set_err(err, errlen, "unknown time zone (name missing or too long)", "", "");
        return LCC_EUNKNOWN_ZONE;
    }
    size_t pos = cache_find(db, name, &found);
    if (found) {
        *out = db->cache[pos];
        return LCC_OK;
    }
    if (!name_ok(name, strlen(name))) {
        set_err(err, errlen, unknown, name, "\"");
        return LCC_EUNKNOWN_ZONE;
    }
    lcc_status st = load_list(db);
    if (st != LCC_OK) {
        set_err(err, errlen, "cannot read the time-zone list of ", db->tzdir,
                st == LCC_EIO ? "" : " (out of memory)");
        return st;
    }
    if (db->list == LIST_ZI && !listed(db, name)) {
        set_err(err, errlen, unknown, name, "\"");
        return LCC_EUNKNOWN_ZONE;
    }
    /* Make room first so that caching the parsed zone cannot fail. */
    if (lcc__grow(&db->a, (void **)&db->cache, &db->capcache, db->ncache + 1,
                  sizeof *db->cache))
        return LCC_ENOMEM;
    char *path = join_path(&db->a, db->tzdir, name);
    if (!path)
        return LCC_ENOMEM;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = read_file(&db->a, path, MAX_ZONE_FILE, &data, &len);
    lcc__free(&db->a, path);
    switch (rc) {
    case RF_OK:
        break;
    case RF_NOENT:
    case RF_NOTREG:
        set_err(err, errlen, unknown, name, "\" (no zone file)");
        return LCC_EUNKNOWN_ZONE;
    case RF_TOOBIG:
        set_err(err, errlen, "time zone \"", name, "\": zone file too large");
        return LCC_EFORMAT;
    case RF_NOMEM:
        return LCC_ENOMEM;
    default:
        set_err(err, errlen, "time zone \"", name, "\": cannot read the zone file");
        return LCC_EIO;
    }
    if (db->list == LIST_NONE && (len < 4 || memcmp(data, "TZif", 4) != 0)) {
        lcc__free(&db->a, data);
        set_err(err, errlen, unknown, name, "\" (not a TZif file)");
        return LCC_EUNKNOWN_ZONE;
    }
    lcc__tz *tz = NULL;
    char msg[128] = "";
    st = lcc__tz_parse(&tz, &db->a, name, data, len, msg, sizeof msg);
    lcc__free(&db->a, data);
    if (st == LCC_EFORMAT) {
        char detail[160];
        snprintf(detail, sizeof detail, "\": corrupt zone file: %s", msg);
        set_err(err, errlen, "time zone \"", name, detail);
    }
    if (st != LCC_OK)
        return st;
    memmove(db->cache + pos + 1, db->cache + pos, (db->ncache - pos) * sizeof *db->cache);
    db->cache[pos] = tz;
    db->ncache++;
    *out = tz;
    return LCC_OK;
}

lcc_status lcc__tzdb_names(const char *const **names, size_t *count, lcc__tzdb *db)
{
    lcc_status st = load_list(db);
    if (st == LCC_OK && !db->names_ready)
        st = scan_names(db);
    if (st != LCC_OK)
        return st;
    *names = db->names;
    *count = db->nnames;
    return LCC_OK;
}
