/* contactcore import: a callback for every row of a CSV file, resumable.
 *
 * The results file is the journal.  Its lines, one or more per row, say
 * what became of the row; the last line of a row wins:
 *
 *   row,status,callback_id,conversation,details
 *   17,pending,,imp-1f0c...-17,            written before the row's work
 *   17,ok,5b1f...,imp-1f0c...-17,          written once the backend committed it
 *
 * With the engine, rows go in batches (lcc_engine_begin/commit, one sync
 * of the store per batch): the batch's pending lines are written and
 * synced (fflush, fsync), the rows are scheduled, the engine commits, and
 * only then are their final lines written and synced.  Over HTTP the same
 * happens row by row (the POST is the commit).  Run again, the import
 * skips the rows whose last line is ok, refused or unknown, tries failed
 * ones again, and settles pending ones, which were interrupted somewhere
 * between their pending line and their final line:
 *  - engine: the row is scheduled again from the same conversation (its id
 *    is on the pending line).  If the first attempt was committed, the
 *    draft (or the engine) refuses the second by CB-SINGLE (one callback per
 *    conversation), and the row is matched to the engine's callback from
 *    that conversation (lcc_callback_list_origin) and recorded ok: nothing
 *    is scheduled twice.  If it was not committed, it is scheduled now.
 *  - HTTP: the request may have reached the backend, which may not refuse
 *    a second one: the row is recorded unknown and never sent again.
 * A line cut short by the interruption (no newline) is dropped first.
 * Another import writing the same results file is refused (flock).
 *
 * Test hook (not in --help): CONTACTCORE_IMPORT_CRASH_AFTER_COMMIT=N kills
 * the process with SIGKILL right after the Nth engine commit, before the
 * batch's final lines are written: the worst moment to be interrupted.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static const char *const results_header[] = {"row", "status", "callback_id", "conversation",
                                             "details"};
#define N_RESULTS_COLS 5

/* Known columns of the input. */
enum { COL_NUMBER, COL_DATE, COL_TIME, COL_TZ, COL_QUEUE, COL_CONV, COL_NAME, COL_COUNTRY, N_COLS };
static const char *const col_names[N_COLS] = {"number", "date",         "time", "timezone",
                                              "queue",  "conversation", "name", "country"};

/* What the journal says of a row. */
enum { ST_NONE = 0, ST_OK, ST_REFUSED, ST_FAILED, ST_UNKNOWN, ST_PENDING };
static const char *const st_names[] = {"", "ok", "refused", "failed", "unknown", "pending"};

typedef struct row_state {
    int st;
    char *conversation; /* of a pending row */
    char *id;           /* of an ok row */
} row_state;

typedef struct importer {
    cli_app *app;
    const char *in_path, *out_path;
    const char *queue, *tz, *country;
    unsigned long batch, rate;
    csv_doc in;
    int col[N_COLS];         /* column index of each known column, or -1 */
    size_t *data_cols;       /* columns data.KEY */
    size_t n_data;
    size_t ncols;
    row_state *rows;         /* per input record (index 0: the header) */
    char run_id[40];
    FILE *out;
    int fd;
    /* counts */
    size_t total, earlier, done, ok, refused, failed, unknown, settled;
    size_t to_do;
    struct timespec start, last_draw;
    int tty, next_tenth, aborted;
    int crash_after, commits;
} importer;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* ---- the journal ---- */

static int journal_sync(importer *im)
{
    if (fflush(im->out) != 0 || fsync(im->fd) != 0)
        return out_fail(im->app, CLI_FAILED, LCC_EIO, "%s: %s", im->out_path, strerror(errno));
    return CLI_OK;
}

static void journal_line(importer *im, size_t row, const char *status, const char *id,
                         const char *conv, const char *details)
{
    fprintf(im->out, "%zu,%s,", row, status);
    csv_put(im->out, id);
    fputc(',', im->out);
    csv_put(im->out, conv);
    fputc(',', im->out);
    csv_put(im->out, details);
    fputc('\n', im->out);
}

/* Input record index of a journal row number, or 0 when none. */
static size_t index_of_row(const importer *im, size_t row)
{
    size_t lo = 1, hi = im->in.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (im->in.r[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < im->in.n && im->in.r[lo].row == row ? lo : 0;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

/* Opens (or creates) the results file, reads what an earlier run left. */
static int journal_open(importer *im)
{
    im->fd = open(im->out_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (im->fd < 0)
        return out_fail(im->app, CLI_FAILED, LCC_EIO, "%s: %s", im->out_path, strerror(errno));
    if (flock(im->fd, LOCK_EX | LOCK_NB) != 0)
        return out_fail(im->app, CLI_FAILED, LCC_EIO,
                        "%s: another import is writing it (%s)", im->out_path, strerror(errno));
    /* Read it through a duplicate so that the FILE we write with is separate. */
    off_t size = lseek(im->fd, 0, SEEK_END);
    if (size < 0)
        return out_fail(im->app, CLI_FAILED, LCC_EIO, "%s: %s", im->out_path, strerror(errno));
    char *text = malloc((size_t)size + 1);
    if (!text)
        return out_fail(im->app, CLI_FAILED, LCC_ENOMEM, "out of memory");
    size_t got = 0;
    while (got < (size_t)size) {
        ssize_t n = pread(im->fd, text + got, (size_t)size - got, (off_t)got);
        if (n <= 0) {
            free(text);
            return out_fail(im->app, CLI_FAILED, LCC_EIO, "%s: %s", im->out_path,
                            n < 0 ? strerror(errno) : "shorter than its size");
        }
        got += (size_t)n;
    }
    /* A last line without its newline was cut short: drop it. */
    size_t keep = got;
    while (keep > 0 && text[keep - 1] != '\n')
        keep--;
    if (keep < got && ftruncate(im->fd, (off_t)keep) != 0) {
        free(text);
        return out_fail(im->app, CLI_FAILED, LCC_EIO, "%s: %s", im->out_path, strerror(errno));
    }
    text[keep] = '\0';
    csv_doc j;
    char err[256];
    if (csv_parse(&j, text, keep, err, sizeof err) != 0) {
        free(text);
        return out_fail(im->app, CLI_USAGE, LCC_EFORMAT, "%s is not a results file: %s",
                        im->out_path, err);
    }
    free(text);
    int rc = CLI_OK;
    if (j.n > 0) {
        const csv_record *h = &j.r[0];
        int same = h->n == N_RESULTS_COLS;
        for (size_t i = 0; same && i < N_RESULTS_COLS; i++)
            same = strcmp(h->f[i], results_header[i]) == 0;
        if (!same)
            rc = out_fail(im->app, CLI_USAGE, LCC_OK,
                          "%s is not a results file of contactcore import (its first line is "
                          "not row,status,callback_id,conversation,details): give another --out",
                          im->out_path);
    }
    for (size_t i = 1; rc == CLI_OK && i < j.n; i++) {
        const csv_record *r = &j.r[i];
        unsigned long row;
        if (r->n != N_RESULTS_COLS || cli_parse_uint(r->f[0], (unsigned long)-1 >> 1, &row)) {
            rc = out_fail(im->app, CLI_USAGE, LCC_EFORMAT, "%s, line %zu: not a results line",
                          im->out_path, r->row);
            break;
        }
        size_t k = index_of_row(im, row);
        if (!k)
            continue; /* a row the input no longer has */
        int st = ST_NONE;
        for (int s = ST_OK; s <= ST_PENDING; s++)
            if (strcmp(r->f[1], st_names[s]) == 0)
                st = s;
        if (st == ST_NONE) {
            rc = out_fail(im->app, CLI_USAGE, LCC_EFORMAT, "%s, line %zu: unknown status '%s'",
                          im->out_path, r->row, r->f[1]);
            break;
        }
        row_state *rs = &im->rows[k];
        free(rs->conversation);
        free(rs->id);
        rs->st = st;
        rs->conversation = dup_or_null(r->f[3]);
        rs->id = dup_or_null(r->f[2]);
    }
    csv_free(&j);
    if (rc != CLI_OK)
        return rc;
    im->out = fdopen(im->fd, "a");
    if (!im->out)
        return out_fail(im->app, CLI_FAILED, LCC_EIO, "%s: %s", im->out_path, strerror(errno));
    if (keep == 0) {
        for (size_t i = 0; i < N_RESULTS_COLS; i++)
            fprintf(im->out, "%s%s", i ? "," : "", results_header[i]);
        fputc('\n', im->out);
        return journal_sync(im);
    }
    return CLI_OK;
}

/* ---- the input ---- */

static int read_header(importer *im)
{
    for (int c = 0; c < N_COLS; c++)
        im->col[c] = -1;
    if (im->in.n == 0)
        return out_fail(im->app, CLI_REFUSED, LCC_EFORMAT,
                        "%s is empty: expected a header row (number,date,time,...)", im->in_path);
    const csv_record *h = &im->in.r[0];
    im->ncols = h->n;
    im->data_cols = calloc(h->n, sizeof *im->data_cols);
    if (!im->data_cols)
        return out_fail(im->app, CLI_FAILED, LCC_ENOMEM, "out of memory");
    for (size_t i = 0; i < h->n; i++) {
        const char *name = h->f[i];
        while (*name == ' ')
            name++;
        int found = -1;
        for (int c = 0; c < N_COLS; c++)
            if (strcasecmp(name, col_names[c]) == 0)
                found = c;
        if (found >= 0) {
            if (im->col[found] >= 0)
                return out_fail(im->app, CLI_REFUSED, LCC_EFORMAT,
                                "%s: the column %s is there twice", im->in_path, col_names[found]);
            im->col[found] = (int)i;
        } else if (strncasecmp(name, "data.", 5) == 0 && name[5]) {
            im->data_cols[im->n_data++] = i;
        } else {
            return out_fail(im->app, CLI_REFUSED, LCC_EFORMAT,
                            "%s: unknown column '%s' (columns: number, date, time, timezone, "
                            "queue, conversation, name, country, data.KEY)",
                            im->in_path, h->f[i]);
        }
    }
    if (im->col[COL_NUMBER] < 0)
        return out_fail(im->app, CLI_REFUSED, LCC_EFORMAT, "%s: no column 'number'",
                        im->in_path);
    return CLI_OK;
}

static const char *cell(const importer *im, const csv_record *r, int col)
{
    int i = im->col[col];
    if (i < 0 || (size_t)i >= r->n)
        return NULL;
    const char *s = r->f[i];
    return *s ? s : NULL;
}

/* A row the tool itself refuses (its format): "IMPORT:field:message". */
static int row_problem(char *details, size_t size, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int row_problem(char *details, size_t size, const char *field, const char *fmt, ...)
{
    int n = snprintf(details, size, "IMPORT:%s:", field);
    if (n > 0 && (size_t)n < size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(details + n, size - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The spec of a row; -1 with the problem in details. */
static int row_spec(importer *im, const csv_record *r, cb_spec *spec, const char **keys,
                    const char **values, char *details, size_t size)
{
    memset(spec, 0, sizeof *spec);
    if (r->n != im->ncols) {
        return row_problem(details, size, "row", "%zu fields where the header has %zu", r->n,
                           im->ncols);
    }
    spec->number = cell(im, r, COL_NUMBER);
    if (!spec->number)
        return row_problem(details, size, "number", "the number is missing");
    const char *date = cell(im, r, COL_DATE), *time = cell(im, r, COL_TIME);
    if (date && cc_parse_date(date, &spec->year, &spec->month, &spec->day))
        return row_problem(details, size, "date", "'%s' is not a date such as 2026-11-23", date);
    if (time && cc_parse_hm(time, &spec->hour, &spec->minute))
        return row_problem(details, size, "time", "'%s' is not a time such as 10:00", time);
    spec->has_date = date != NULL;
    spec->has_time = time != NULL;
    spec->zone = cell(im, r, COL_TZ) ? cell(im, r, COL_TZ) : im->tz;
    spec->queue = cell(im, r, COL_QUEUE) ? cell(im, r, COL_QUEUE) : im->queue;
    spec->callee = cell(im, r, COL_NAME);
    spec->country = cell(im, r, COL_COUNTRY) ? cell(im, r, COL_COUNTRY) : im->country;
    spec->how = LCC_DISAMBIGUATE_COMPATIBLE;
    size_t n = 0;
    for (size_t i = 0; i < im->n_data; i++) {
        const char *v = r->f[im->data_cols[i]];
        if (!*v)
            continue;
        keys[n] = im->in.r[0].f[im->data_cols[i]] + 5;
        values[n++] = v;
    }
    spec->data_keys = keys;
    spec->data_values = values;
    spec->n_data = n;
    return 0;
}

/* ---- progress ---- */

static void progress(importer *im, int final)
{
    size_t at = im->earlier + im->done;
    if (im->tty) {
        if (!final && since(&im->last_draw) < 0.1)
            return;
        clock_gettime(CLOCK_MONOTONIC, &im->last_draw);
        int pct = im->total ? (int)(at * 100 / im->total) : 100;
        char bar[31];
        int fill = pct * 30 / 100;
        for (int i = 0; i < 30; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[30] = '\0';
        double s = since(&im->start);
        fprintf(stderr, "\r\033[K%3d%% [%s] %zu/%zu  ok %zu  refused %zu  failed %zu  %.0f rows/s",
                pct, bar, at, im->total, im->ok, im->refused, im->failed + im->unknown,
                s > 0 ? (double)im->done / s : 0.0);
        if (final)
            fputc('\n', stderr);
        fflush(stderr);
        return;
    }
    /* Not a terminal: a line at every tenth of the rows to do. */
    if (im->to_do == 0)
        return;
    while (im->next_tenth <= 10 && im->done * 10 >= (size_t)im->next_tenth * im->to_do) {
        fprintf(stderr, "import: %zu/%zu rows (%d%%): %zu ok, %zu refused, %zu failed\n", at,
                im->total, (int)(at * 100 / im->total), im->ok, im->refused,
                im->failed + im->unknown);
        im->next_tenth++;
    }
}

/* ---- rows ---- */

typedef struct pending_row {
    size_t k;             /* input record index */
    char conv[LCC_MAX_TEXT + 1]; /* its conversation */
    int settle;           /* a pending row of an earlier run */
    int st;               /* outcome */
    char id[128];
    char details[2048];
} pending_row;

/* A settled pending row refused by CB-SINGLE: the callback the first
 * attempt made, found by the conversation it was scheduled from (one per
 * conversation).  1 when found (id set). */
static int find_made(importer *im, const char *conversation, char *id, size_t size)
{
    if (!im->app->eng)
        return 0;
    lcc_engine_filter f = LCC_ENGINE_FILTER_INIT;
    f.limit = 1000;
    for (;;) {
        lcc_callback_list *l = NULL;
        if (lcc_engine_list_callbacks(&l, im->app->eng, &f) != LCC_OK)
            return 0;
        size_t n = lcc_callback_list_count(l), total = lcc_callback_list_total(l);
        for (size_t i = 0; i < n; i++) {
            const char *origin = lcc_callback_list_origin(l, i);
            if (origin && strcmp(origin, conversation) == 0) {
                snprintf(id, size, "%s", lcc_callback_list_id(l, i));
                lcc_callback_list_free(l);
                return 1;
            }
        }
        lcc_callback_list_free(l);
        if (n == 0 || f.offset + n >= total)
            return 0;
        f.offset += n;
    }
}

/* Schedules one row; fills p. */
static void do_row(importer *im, pending_row *p)
{
    const csv_record *r = &im->in.r[p->k];
    cb_spec spec;
    const char **keys = calloc(im->n_data + 1, sizeof *keys);
    const char **values = calloc(im->n_data + 1, sizeof *values);
    p->id[0] = p->details[0] = '\0';
    if (!keys || !values) {
        p->st = ST_FAILED;
        snprintf(p->details, sizeof p->details, "out of memory");
    } else if (row_spec(im, r, &spec, keys, values, p->details, sizeof p->details) != 0) {
        p->st = ST_REFUSED;
    } else {
        spec.conversation = p->conv;
        cb_result res;
        cb_schedule(im->app, &spec, 0, &res);
        const lcc_report *rep = cb_report(&res);
        switch (res.outcome) {
        case CB_OK:
            p->st = ST_OK;
            snprintf(p->id, sizeof p->id, "%s", res.id);
            out_report_flat(p->details, sizeof p->details, rep);
            break;
        case CB_REFUSED:
            if (p->settle && lcc_report_find(rep, "CB-SINGLE") >= 0 &&
                find_made(im, p->conv, p->id, sizeof p->id)) {
                p->st = ST_OK;
                snprintf(p->details, sizeof p->details,
                         "scheduled before the interruption of an earlier run");
                im->settled++;
            } else {
                p->st = ST_REFUSED;
                if (lcc_report_count(rep) > 0)
                    out_report_flat(p->details, sizeof p->details, rep);
                else
                    snprintf(p->details, sizeof p->details, "%s", res.message);
            }
            break;
        case CB_FAILED:
        case CB_UNKNOWN:
            p->st = res.outcome == CB_FAILED ? ST_FAILED : ST_UNKNOWN;
            snprintf(p->details, sizeof p->details, "%s: %s", cc_status_name(res.status),
                     res.message);
            if (res.status == LCC_EAUTH || res.status == LCC_EIO)
                im->aborted = im->aborted ? im->aborted : (int)res.status;
            break;
        }
        cb_result_clear(&res);
    }
    free(keys);
    free(values);
}

static void count(importer *im, const pending_row *p)
{
    im->done++;
    switch (p->st) {
    case ST_OK: im->ok++; break;
    case ST_REFUSED: im->refused++; break;
    case ST_FAILED: im->failed++; break;
    default: im->unknown++; break;
    }
}

/* Keeps at most --rate rows a second. */
static void pace(importer *im)
{
    if (!im->rate)
        return;
    double due = (double)im->done / (double)im->rate, now = since(&im->start);
    if (due > now) {
        double d = due - now;
        struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* Does rows[first..first+n) of `todo`: pending lines, the work, the
 * commit, the final lines.  CLI_OK or an exit code (the import stops). */
static int do_batch(importer *im, pending_row *todo, size_t n)
{
    cli_app *app = im->app;
    for (size_t i = 0; i < n; i++) {
        pending_row *p = &todo[i];
        if (!p->settle || app->eng)
            journal_line(im, im->in.r[p->k].row, "pending", NULL, p->conv, NULL);
    }
    int rc = journal_sync(im);
    if (rc != CLI_OK)
        return rc;
    if (app->eng && lcc_engine_begin(app->eng) != LCC_OK)
        return out_fail(app, CLI_FAILED, LCC_EIO, "the engine's store: %s",
                        lcc_context_errmsg(app->ctx));
    for (size_t i = 0; i < n; i++) {
        pending_row *p = &todo[i];
        if (p->settle && !app->eng) {
            p->st = ST_UNKNOWN;
            snprintf(p->details, sizeof p->details,
                     "interrupted while it was being sent: it may be on the backend; check it");
        } else {
            do_row(im, p);
        }
        if (!app->eng) { /* over HTTP the request was the commit */
            journal_line(im, im->in.r[p->k].row, st_names[p->st], p->id, p->conv, p->details);
            if ((rc = journal_sync(im)) != CLI_OK)
                return rc;
        }
        count(im, p);
        progress(im, 0);
        pace(im);
        cli_drain_events(app);
    }
    if (app->eng) {
        lcc_status st = lcc_engine_commit(app->eng);
        if (st != LCC_OK)
            return out_fail(app, CLI_FAILED, st,
                            "the engine's store refused the batch (%s): the rows of this batch "
                            "stay pending and are settled when the import is run again",
                            lcc_context_errmsg(app->ctx));
        if (im->crash_after && ++im->commits == im->crash_after)
            raise(SIGKILL);
        for (size_t i = 0; i < n; i++)
            journal_line(im, im->in.r[todo[i].k].row, st_names[todo[i].st], todo[i].id,
                         todo[i].conv, todo[i].details);
        if ((rc = journal_sync(im)) != CLI_OK)
            return rc;
    }
    for (size_t i = 0; i < n; i++)
        if (todo[i].st == ST_OK) { /* for find_made(): ids recorded this run */
            row_state *rs = &im->rows[todo[i].k];
            free(rs->id);
            rs->id = strdup(todo[i].id);
        }
    return CLI_OK;
}

static int summary(importer *im, int rc)
{
    double s = since(&im->start);
    progress(im, 1);
    if (rc == CLI_OK)
        rc = im->failed || im->unknown ? CLI_FAILED : im->refused ? CLI_REFUSED : CLI_OK;
    if (im->app->json) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", rc == CLI_OK);
        jw_kint(&w, "exit", rc);
        jw_kint(&w, "rows", (long long)im->total);
        jw_kint(&w, "done_earlier", (long long)im->earlier);
        jw_kint(&w, "processed", (long long)im->done);
        jw_kint(&w, "scheduled", (long long)im->ok);
        jw_kint(&w, "refused", (long long)im->refused);
        jw_kint(&w, "failed", (long long)im->failed);
        jw_kint(&w, "unknown", (long long)im->unknown);
        jw_kint(&w, "settled", (long long)im->settled);
        jw_kint(&w, "left", (long long)(im->total - im->earlier - im->done));
        jw_kbool(&w, "interrupted", interrupted != 0);
        jw_kstr(&w, "results", im->out_path);
        jw_key(&w, "seconds");
        jw_num(&w, s);
        jw_obj_end(&w);
        jw_end(&w);
    } else {
        printf("import: %zu rows in %s: %zu scheduled, %zu refused, %zu failed, %zu unknown",
               im->total, im->in_path, im->ok, im->refused, im->failed, im->unknown);
        if (im->earlier)
            printf("; %zu done by an earlier run", im->earlier);
        if (im->settled)
            printf("; %zu interrupted rows found scheduled", im->settled);
        printf("\n        %.1f s (%.0f rows/s); results in %s\n", s,
               s > 0 ? (double)im->done / s : 0.0, im->out_path);
        size_t left = im->total - im->earlier - im->done;
        if (left)
            printf("        %zu rows not done: run the same command again to go on\n", left);
        if (im->unknown)
            printf("        rows marked unknown may be on the backend: check them there\n");
    }
    return rc;
}

int cmd_import(cli_app *app, int argc, char **argv)
{
    importer im;
    memset(&im, 0, sizeof im);
    im.app = app;
    im.fd = -1;
    const char *batch = NULL, *rate = NULL;
    const cli_opt opts[] = {
        {"out", OPT_VALUE, &im.out_path}, {"queue", OPT_VALUE, &im.queue},
        {"tz", OPT_VALUE, &im.tz},        {"country", OPT_VALUE, &im.country},
        {"batch", OPT_VALUE, &batch},     {"rate", OPT_VALUE, &rate},
        {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc != CLI_OK)
        return rc;
    if (npos != 1)
        return cli_usage(app, "give one input file (CSV)");
    if (!im.out_path)
        return cli_usage(app, "where do the results go? --out RESULTS.csv");
    im.in_path = pos[0];
    im.batch = 500;
    if (batch && (cli_parse_uint(batch, 100000, &im.batch) || im.batch == 0))
        return cli_usage(app, "--batch: 1 .. 100000");
    if (rate && cli_parse_uint(rate, 1000000, &im.rate))
        return cli_usage(app, "--rate: rows a second (0: no limit)");
    const char *crash = getenv("CONTACTCORE_IMPORT_CRASH_AFTER_COMMIT");
    im.crash_after = crash ? atoi(crash) : 0;

    size_t len;
    char *text = cc_read_file(im.in_path, &len, (size_t)1 << 30);
    if (!text)
        return out_fail(app, CLI_FAILED, LCC_EIO, "%s: %s", im.in_path, strerror(errno));
    char err[256];
    int parsed = csv_parse(&im.in, text, len, err, sizeof err);
    free(text);
    if (parsed != 0)
        return out_fail(app, CLI_REFUSED, LCC_EFORMAT, "%s: %s (nothing was imported)",
                        im.in_path, err);
    rc = read_header(&im);
    im.rows = calloc(im.in.n + 1, sizeof *im.rows);
    if (rc == CLI_OK && !im.rows)
        rc = out_fail(app, CLI_FAILED, LCC_ENOMEM, "out of memory");
    if (rc == CLI_OK)
        rc = cli_open(app, NEED_BACKEND | NEED_AGENT);
    if (rc == CLI_OK)
        rc = journal_open(&im);
    pending_row *todo = NULL;
    if (rc == CLI_OK) {
        im.total = im.in.n - 1;
        cc_random_id(im.run_id, sizeof im.run_id, "imp");
        for (size_t k = 1; k < im.in.n; k++) {
            int st = im.rows[k].st;
            if (st == ST_OK || st == ST_REFUSED || st == ST_UNKNOWN) {
                im.earlier++;
                im.ok += st == ST_OK;
                im.refused += st == ST_REFUSED;
                im.unknown += st == ST_UNKNOWN;
            }
        }
        im.to_do = im.total - im.earlier;
        size_t cap = app->eng ? im.batch : 1;
        todo = calloc(cap, sizeof *todo);
        if (!todo)
            rc = out_fail(app, CLI_FAILED, LCC_ENOMEM, "out of memory");
    }
    if (rc == CLI_OK) {
        app->in_doc = 1; /* the summary is the document, errors or not */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        im.tty = isatty(STDERR_FILENO);
        im.next_tenth = 1;
        clock_gettime(CLOCK_MONOTONIC, &im.start);
        im.last_draw = im.start;
        im.last_draw.tv_sec -= 1;
        if (!im.tty)
            fprintf(stderr, "import: %zu rows, %zu done by an earlier run, %zu to do\n",
                    im.total, im.earlier, im.to_do);
        size_t cap = app->eng ? im.batch : 1, n = 0;
        for (size_t k = 1; k <= im.in.n && rc == CLI_OK; k++) {
            if (k < im.in.n) {
                row_state *rs = &im.rows[k];
                if (rs->st == ST_OK || rs->st == ST_REFUSED || rs->st == ST_UNKNOWN)
                    continue;
                pending_row *p = &todo[n++];
                memset(p, 0, sizeof *p);
                p->k = k;
                p->settle = rs->st == ST_PENDING;
                const char *conv = cell(&im, &im.in.r[k], COL_CONV);
                if (p->settle && rs->conversation)
                    snprintf(p->conv, sizeof p->conv, "%s", rs->conversation);
                else if (conv)
                    snprintf(p->conv, sizeof p->conv, "%s", conv);
                else
                    snprintf(p->conv, sizeof p->conv, "%s-%zu", im.run_id, im.in.r[k].row);
            }
            if (n > 0 && (n == cap || k == im.in.n)) {
                rc = do_batch(&im, todo, n);
                n = 0;
                if (rc == CLI_OK && im.aborted)
                    rc = out_fail(app, CLI_FAILED, (lcc_status)im.aborted,
                                  "the backend cannot be used (%s): stopped; run the same "
                                  "command again to go on",
                                  cc_status_name((lcc_status)im.aborted));
                if (rc == CLI_OK && interrupted) {
                    fprintf(stderr, "%scontactcore: import: interrupted; run the same "
                                    "command again to go on\n", im.tty ? "\n" : "");
                    rc = CLI_FAILED;
                }
            }
        }
        rc = summary(&im, rc);
    }
    free(todo);
    if (im.out)
        fclose(im.out); /* closes fd too, and the lock goes with it */
    else if (im.fd >= 0)
        close(im.fd);
    for (size_t k = 0; im.rows && k <= im.in.n; k++) {
        free(im.rows[k].conversation);
        free(im.rows[k].id);
    }
    free(im.rows);
    free(im.data_cols);
    csv_free(&im.in);
    return rc;
}
