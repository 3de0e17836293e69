/* lcc_ivr: parsing a script (reader, then builder), its handle, and the
 * report of one parse. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "ivr/script.h"

#define OK(p) lcc__handle_ok((p), LCC__MAGIC_IVR)

void lcc__ivr_problem(ivr_diag *d, const char *rule, const char *field, uint32_t line,
                      uint32_t col, lcc_status code, lcc_severity severity, const char *fmt, ...)
{
    if (d->n >= LCC_IVR_MAX_ENTRIES) {
        d->dropped++;
        return;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    lcc__report_add_at(d->r, rule, field, line, col, code, severity, "%s", buf);
    d->n++;
}

void lcc__ivr_diag_finish(ivr_diag *d)
{
    if (d->dropped)
        lcc__report_add_at(d->r, "IVR-SYNTAX", "script", 0, 0, LCC_EFORMAT,
                           LCC_SEVERITY_ERROR,
                           "%zu more problem%s not listed (a report keeps %d)", d->dropped,
                           d->dropped == 1 ? " is" : "s are", LCC_IVR_MAX_ENTRIES);
}

/* The language of an AUTO document: JSON when it starts with '{' or '['
 * (looked for within the size limit: a larger text is refused anyway). */
static lcc_ivr_format sniff(const char *text, size_t len)
{
    size_t i = 0;
    if (len > LCC_IVR_MAX_BYTES)
        len = LCC_IVR_MAX_BYTES;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    return i < len && (text[i] == '{' || text[i] == '[') ? LCC_IVR_FORMAT_JSON
                                                         : LCC_IVR_FORMAT_YAML;
}

static void ivr_destroy(lcc__handle *h)
{
    lcc__ivr_script_release(((lcc_ivr *)h)->script);
}

LCC_API lcc_status lcc_ivr_parse(lcc_ivr **out, lcc_report **report, lcc_context *ctx,
                                 const char *text, size_t len, lcc_ivr_format format)
{
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    if (!out || (!text && len > 0))
        return LCC__MISUSE(ctx, "lcc_ivr_parse: NULL out, or NULL text with a length");
    if (format != LCC_IVR_FORMAT_AUTO && format != LCC_IVR_FORMAT_YAML &&
        format != LCC_IVR_FORMAT_JSON)
        return lcc__error(ctx, LCC_EINVAL, "%d is not an lcc_ivr_format", (int)format);
    if (!text)
        text = "";
    if (format == LCC_IVR_FORMAT_AUTO)
        format = sniff(text, len);

    ivr_diag d = {lcc__report_new(&ctx->alloc), 0, 0};
    if (!d.r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    ivr_doc doc;
    lcc_status st = format == LCC_IVR_FORMAT_JSON
                        ? lcc__ivr_read_json(&doc, &d, &ctx->alloc, text, len)
                        : lcc__ivr_read_yaml(&doc, &d, &ctx->alloc, text, len);
    ivr_script *script = NULL;
    if (st == LCC_OK) {
        st = lcc__ivr_build(&script, &d, &ctx->alloc, doc.root);
        if (st == LCC_EVALIDATION)
            st = LCC_OK; /* the report says it */
    }
    lcc__ivr_doc_free(&doc);
    lcc__report_sort_by_place(d.r);
    lcc__ivr_diag_finish(&d);
    if (st == LCC_OK)
        st = lcc__report_status(ctx, d.r);
    else
        lcc__error(ctx, st, "out of memory");
    lcc_ivr *ivr = NULL;
    if (st == LCC_OK) {
        ivr = lcc__handle_new(ctx, sizeof *ivr, LCC__MAGIC_IVR, ivr_destroy);
        if (!ivr)
            st = lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    if (st == LCC_OK) {
        ivr->script = script;
        *out = ivr;
    } else {
        lcc__ivr_script_release(script);
    }
    if (report && st != LCC_ENOMEM)
        *report = d.r;
    else
        lcc_report_free(d.r);
    return st;
}

LCC_API void lcc_ivr_free(lcc_ivr *ivr)
{
    if (OK(ivr))
        lcc__handle_free(&ivr->h);
}

LCC_API size_t lcc_ivr_section_count(const lcc_ivr *ivr)
{
    return OK(ivr) ? ivr->script->n_sections : 0;
}

LCC_API const char *lcc_ivr_section_name(const lcc_ivr *ivr, size_t i)
{
    return OK(ivr) && i < ivr->script->n_sections ? ivr->script->sections[i].name : NULL;
}

void lcc__ivr_script_retain(ivr_script *s)
{
    s->refs++;
}

void lcc__ivr_script_release(ivr_script *s)
{
    if (s && --s->refs == 0) {
        lcc__arena ar = s->arena; /* the script itself lives in its arena */
        lcc__arena_free(&ar);
    }
}
