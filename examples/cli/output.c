/* contactcore: output for people (reports, errors, times).  The JSON writer,
 * status names, reports as JSON and instants as text are shared with the
 * other examples (examples/common). */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- reports ---- */

void out_report(FILE *f, const lcc_report *r, const char *indent)
{
    for (size_t i = 0; i < lcc_report_count(r); i++) {
        const char *field = lcc_report_field(r, i);
        fprintf(f, "%s%-7s %-14s %-15s %s\n", indent,
                lcc_report_severity(r, i) == LCC_SEVERITY_ERROR ? "error" : "warning",
                field && *field ? field : "-", lcc_report_rule(r, i), lcc_report_message(r, i));
    }
}

void out_report_flat(char *buf, size_t size, const lcc_report *r)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < lcc_report_count(r) && len + 1 < size; i++) {
        int n = snprintf(buf + len, size - len, "%s%s:%s:%s%s", i ? " | " : "",
                         lcc_report_rule(r, i), lcc_report_field(r, i) ? lcc_report_field(r, i) : "",
                         lcc_report_severity(r, i) == LCC_SEVERITY_WARNING ? "warning: " : "",
                         lcc_report_message(r, i));
        if (n < 0)
            break;
        len += (size_t)n < size - len ? (size_t)n : size - len - 1;
    }
}

/* ---- errors ---- */

int out_fail(cli_app *app, int code, lcc_status st, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "contactcore: %s%s%s\n", app && app->cmd ? app->cmd : "",
            app && app->cmd ? ": " : "", msg);
    if (app && app->json && !app->in_doc && code != CLI_USAGE) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", 0);
        jw_kint(&w, "exit", code);
        jw_key(&w, "error");
        jw_obj(&w);
        jw_kstr(&w, "status", st == LCC_OK ? NULL : cc_status_name(st));
        jw_kstr(&w, "message", msg);
        jw_obj_end(&w);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return code;
}

/* ---- times ---- */

int out_local_short(char *buf, size_t size, lcc_context *ctx, const char *zone, int64_t ms)
{
    int y, mo, d, h, mi, s;
    if (lcc_tz_utc_to_local(&y, &mo, &d, &h, &mi, &s, NULL, ctx, zone, ms) != LCC_OK) {
        snprintf(buf, size, "?");
        return -1;
    }
    snprintf(buf, size, "%04d-%02d-%02d %02d:%02d %s", y, mo, d, h, mi, zone);
    return 0;
}
