#include "core/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/context.h"

struct entry {
    const char *rule;
    const char *field;
    lcc_status code;
    lcc_severity severity;
    size_t msg; /* offset into text */
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

void lcc__report_add(lcc_report *r, const char *rule, const char *field, lcc_status code,
                     lcc_severity severity, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t mlen = n < 0 ? 0 : (size_t)n >= sizeof buf ? sizeof buf - 1 : (size_t)n;
    if (lcc__grow(&r->alloc, (void **)&r->entries, &r->cap, r->count + 1, sizeof *r->entries) ||
        lcc__grow(&r->alloc, (void **)&r->text, &r->text_cap, r->len + mlen + 1, 1)) {
        r->oom = 1;
        return;
    }
    memcpy(r->text + r->len, buf, mlen);
    r->text[r->len + mlen] = '\0';
    r->entries[r->count++] = (struct entry){rule, field, code, severity, r->len};
    r->len += mlen + 1;
    if (severity == LCC_SEVERITY_ERROR)
        r->errors++;
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
    return e ? e->field : NULL;
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
