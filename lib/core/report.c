#include "core/report.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/context.h"

struct entry {
    const char *rule;
    const char *field;
    lcc_status code;
    lcc_severity severity;
    size_t msg;    /* offset into text */
    size_t server; /* offset into text of the backend's code, or NO_TEXT */
    size_t field_at; /* offset into text of a copied field, or NO_TEXT: `field` is static */
    uint32_t line, column; /* 1-based position in a document, 0: none */
};

#define NO_TEXT SIZE_MAX /* no offset: no server code, or out of memory */
#define MAX_SERVER_CODE 255 /* bytes kept of a backend's error code */
#define MAX_FIELD 255 /* bytes kept of a copied field */

/* Where an entry points in a document, and its field when it is copied. */
struct place {
    const char *field; /* copied into the report's text; NULL: the static field */
    uint32_t line, column;
};

struct lcc_report {
    uint32_t magic;
    int oom;
    lcc_allocator alloc;
    struct entry *entries;
    size_t count, cap, errors;
    char *text;
    size_t len, text_cap;
};

lcc_report *lcc__report_new(const lcc_allocator *a)
{
    lcc_report *r = lcc__calloc(a, 1, sizeof *r);
    if (r) {
        r->magic = LCC__MAGIC_REPORT;
        r->alloc = *a;
    }
    return r;
}

/* n, shortened so that s[0..n) does not end inside a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n)
{
    size_t i = n, tail = 0;
    while (i > 0 && tail < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        tail++;
    }
    if (i == 0)
        return n;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return tail + 1 < need ? i - 1 : n;
}

/* Appends s[0..n) and a NUL to the text; its offset, or NO_TEXT when out of memory. */
static size_t add_text(lcc_report *r, const char *s, size_t n)
{
    if (lcc__grow(&r->alloc, (void **)&r->text, &r->text_cap, r->len + n + 1, 1))
        return NO_TEXT;
    size_t at = r->len;
    memcpy(r->text + at, s, n);
    r->text[at + n] = '\0';
    r->len += n + 1;
    return at;
}

/* Appends at most `max` bytes of s (cut on a character boundary); its
 * offset, or NO_TEXT when out of memory. */
static size_t add_cut(lcc_report *r, const char *s, size_t max)
{
    size_t n = strlen(s);
    return add_text(r, s, n > max ? utf8_cut(s, max) : n);
}

/* The one path every entry takes. */
__attribute__((format(printf, 8, 0)))
static void report_vadd(lcc_report *r, const char *rule, const char *field, lcc_status code,
                        lcc_severity severity, const char *server_code, const struct place *at,
                        const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    size_t mlen = n < 0 ? 0 : (size_t)n >= sizeof buf ? utf8_cut(buf, sizeof buf - 1) : (size_t)n;
    size_t len0 = r->len, msg, server = NO_TEXT, field_at = NO_TEXT;
    if (lcc__grow(&r->alloc, (void **)&r->entries, &r->cap, r->count + 1, sizeof *r->entries) ||
        (msg = add_text(r, buf, mlen)) == NO_TEXT)
        goto oom;
    if (server_code && (server = add_cut(r, server_code, MAX_SERVER_CODE)) == NO_TEXT)
        goto oom;
    if (at && at->field && (field_at = add_cut(r, at->field, MAX_FIELD)) == NO_TEXT)
        goto oom;
    r->entries[r->count++] = (struct entry){rule, field, code, severity, msg, server, field_at,
                                            at ? at->line : 0, at ? at->column : 0};
    if (severity == LCC_SEVERITY_ERROR)
        r->errors++;
    return;
oom:
    r->len = len0;
    r->oom = 1;
}

void lcc__report_add(lcc_report *r, const char *rule, const char *field, lcc_status code,
                     lcc_severity severity, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_vadd(r, rule, field, code, severity, NULL, NULL, fmt, ap);
    va_end(ap);
}

void lcc__report_add_server(lcc_report *r, const char *rule, const char *field, lcc_status code,
                            lcc_severity severity, const char *server_code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_vadd(r, rule, field, code, severity, server_code, NULL, fmt, ap);
    va_end(ap);
}

void lcc__report_add_at(lcc_report *r, const char *rule, const char *field, uint32_t line,
                        uint32_t column, lcc_status code, lcc_severity severity, const char *fmt,
                        ...)
{
    const struct place at = {field, line, column};
    va_list ap;
    va_start(ap, fmt);
    report_vadd(r, rule, NULL, code, severity, NULL, &at, fmt, ap);
    va_end(ap);
}

/* 1 when entry a goes after entry b. */
static int after_place(const struct entry *a, const struct entry *b)
{
    if (!a->line != !b->line)
        return !a->line;
    return a->line != b->line ? a->line > b->line : a->column > b->column;
}

void lcc__report_sort_by_place(lcc_report *r)
{
    for (size_t i = 1; i < r->count; i++) { /* insertion sort: stable, reports are short */
        struct entry e = r->entries[i];
        size_t j = i;
        for (; j > 0 && after_place(&r->entries[j - 1], &e); j--)
            r->entries[j] = r->entries[j - 1];
        r->entries[j] = e;
    }
}

int lcc__report_oom(const lcc_report *r)
{
    return r->oom;
}

lcc_status lcc__report_status(lcc_context *ctx, const lcc_report *r)
{
    if (r->oom)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->count; i++)
        if (r->entries[i].severity == LCC_SEVERITY_ERROR)
            return lcc__error(ctx, LCC_EVALIDATION, "%s: %s (%zu problem%s)", r->entries[i].rule,
                              r->text + r->entries[i].msg, r->errors, r->errors == 1 ? "" : "s");
    return LCC_OK;
}

static const struct entry *entry_at(const lcc_report *r, size_t i)
{
    return lcc__handle_ok(r, LCC__MAGIC_REPORT) && i < r->count ? &r->entries[i] : NULL;
}

LCC_API size_t lcc_report_count(const lcc_report *r)
{
    return lcc__handle_ok(r, LCC__MAGIC_REPORT) ? r->count : 0;
}

LCC_API size_t lcc_report_error_count(const lcc_report *r)
{
    return lcc__handle_ok(r, LCC__MAGIC_REPORT) ? r->errors : 0;
}

LCC_API const char *lcc_report_rule(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return e ? e->rule : NULL;
}

LCC_API const char *lcc_report_field(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return !e ? NULL : e->field_at != NO_TEXT ? r->text + e->field_at : e->field;
}

LCC_API unsigned lcc_report_line(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return e ? e->line : 0;
}

LCC_API unsigned lcc_report_column(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return e ? e->column : 0;
}

LCC_API lcc_status lcc_report_code(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return e ? e->code : LCC_EMISUSE;
}

LCC_API lcc_severity lcc_report_severity(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return e ? e->severity : LCC_SEVERITY_ERROR;
}

LCC_API const char *lcc_report_message(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return e ? r->text + e->msg : NULL;
}

LCC_API const char *lcc_report_server_code(const lcc_report *r, size_t i)
{
    const struct entry *e = entry_at(r, i);
    return e && e->server != NO_TEXT ? r->text + e->server : NULL;
}

LCC_API long lcc_report_find(const lcc_report *r, const char *rule)
{
    if (!rule || !lcc__handle_ok(r, LCC__MAGIC_REPORT))
        return -1;
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->entries[i].rule, rule) == 0)
            return (long)i;
    return -1;
}

LCC_API void lcc_report_free(lcc_report *r)
{
    if (!lcc__handle_ok(r, LCC__MAGIC_REPORT))
        return;
    const lcc_allocator a = r->alloc;
    lcc__free(&a, r->entries);
    lcc__free(&a, r->text);
    r->magic = LCC__MAGIC_DEAD;
    lcc__free(&a, r);
}
