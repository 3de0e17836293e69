/* contactcore tz convert|list: the library's own tz database reader
 * (contactcore/tz.h).  No backend. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int check_zone(cli_app *app, const char *opt, const char *zone)
{
    lcc_status st = lcc_tz_check(app->ctx, zone);
    if (st != LCC_OK)
        return out_fail(app, cli_exit_for(st), st, "%s %s: %s", opt, zone,
                        lcc_context_errmsg(app->ctx));
    return CLI_OK;
}

static void offset_text(char *buf, size_t size, int32_t off)
{
    int32_t a = off < 0 ? -off : off;
    snprintf(buf, size, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
}

static int convert(cli_app *app, const char *when, const char *from, const cli_list *to,
                   lcc_disambiguation how)
{
    int y, mo, d, h, mi, has_off;
    int64_t ms = 0;
    if (cc_parse_when(when, &y, &mo, &d, &h, &mi, &has_off, &ms))
        return cli_usage(app, "'%s': expected 2026-11-23T10:00 (local) or an instant such as "
                              "2026-11-23T09:00Z or 2026-11-23T10:00+01:00", when);
    if (has_off && from)
        return cli_usage(app, "'%s' has its offset: no --from with it", when);
    int rc = cli_open(app, NEED_CONTEXT);
    const char *zone = from ? from : "UTC";
    if (rc == CLI_OK)
        rc = check_zone(app, "--from", zone);
    for (size_t i = 0; rc == CLI_OK && i < to->n; i++)
        rc = check_zone(app, "--to", to->v[i]);
    if (rc != CLI_OK)
        return rc;
    unsigned flags = 0;
    const char *note = NULL;
    if (!has_off) {
        lcc_status st = lcc_tz_local_to_utc(&ms, &flags, app->ctx, zone, y, mo, d, h, mi, 0, how);
        if (st == LCC_ENONEXISTENT_TIME || st == LCC_EAMBIGUOUS_TIME) {
            char first[64] = "";
            if (st == LCC_ENONEXISTENT_TIME)
                cc_local(first, sizeof first, app->ctx, zone, ms);
            return out_fail(app, CLI_REFUSED, st, "%s in %s: %s%s%s", when, zone,
                            st == LCC_ENONEXISTENT_TIME
                                ? "the clocks skip this time (the first valid one is "
                                : "this time occurs twice (earlier or later?)",
                            first, st == LCC_ENONEXISTENT_TIME ? ")" : "");
        }
        if (st != LCC_OK)
            return out_fail(app, cli_exit_for(st), st, "%s: %s", when,
                            lcc_context_errmsg(app->ctx));
        if (flags & LCC_TZ_IN_GAP)
            note = "the clocks skip this local time: moved by the gap";
        else if (flags & LCC_TZ_IN_FOLD)
            note = how == LCC_DISAMBIGUATE_LATER ? "this local time occurs twice: the later one"
                                                 : "this local time occurs twice: the earlier one";
    }
    static const char *const utc_only[] = {"UTC"};
    const char *const *zones = to->n ? to->v : utc_only;
    size_t nz = to->n ? to->n : 1;
    char utc[64];
    cc_utc(utc, sizeof utc, ms);
    jw w;
    if (app->json) {
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", 1);
        jw_kstr(&w, "instant", utc);
        jw_kint(&w, "epoch_ms", ms);
        if (!has_off) {
            jw_key(&w, "from");
            jw_obj(&w);
            jw_kstr(&w, "zone", zone);
            char local[64];
            cc_local(local, sizeof local, app->ctx, zone, ms);
            jw_kstr(&w, "local", local);
            jw_obj_end(&w);
        }
        if (note)
            jw_kstr(&w, "warning", note);
        jw_key(&w, "to");
        jw_arr(&w);
    } else if (note) {
        printf("warning: %s %s: %s\n", when, zone, note);
    }
    for (size_t i = 0; i < nz; i++) {
        int ly, lmo, ld, lh, lmi, ls;
        int32_t off;
        lcc_status st = lcc_tz_utc_to_local(&ly, &lmo, &ld, &lh, &lmi, &ls, &off, app->ctx,
                                            zones[i], ms);
        if (st != LCC_OK) {
            if (app->json) {
                jw_arr_end(&w);
                jw_obj_end(&w);
                jw_end(&w);
            }
            return out_fail(app, cli_exit_for(st), st, "%s: %s", zones[i],
                            lcc_context_errmsg(app->ctx));
        }
        char offs[16], local[40];
        offset_text(offs, sizeof offs, off);
        snprintf(local, sizeof local, "%04d-%02d-%02dT%02d:%02d:%02d", ly, lmo, ld, lh, lmi, ls);
        if (app->json) {
            jw_obj(&w);
            jw_kstr(&w, "zone", zones[i]);
            jw_kstr(&w, "local", local);
            jw_kstr(&w, "offset", offs);
            jw_obj_end(&w);
        } else {
            printf("%-24s %.10s %s (UTC%s)\n", zones[i], local, local + 11, offs);
        }
    }
    if (app->json) {
        jw_arr_end(&w);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return CLI_OK;
}

static int list(cli_app *app, const char *prefix)
{
    int rc = cli_open(app, NEED_CONTEXT);
    if (rc != CLI_OK)
        return rc;
    size_t n = lcc_tz_count(app->ctx);
    if (n == 0)
        return out_fail(app, CLI_FAILED, LCC_EIO, "the tz database: %s",
                        lcc_context_errmsg(app->ctx));
    jw w;
    if (app->json) {
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", 1);
        jw_key(&w, "zones");
        jw_arr(&w);
    }
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = lcc_tz_name(app->ctx, i);
        if (prefix && strncmp(name, prefix, strlen(prefix)) != 0)
            continue;
        shown++;
        if (app->json)
            jw_str(&w, name);
        else
            puts(name);
    }
    if (app->json) {
        jw_arr_end(&w);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return shown || !prefix ? CLI_OK : out_fail(app, CLI_REFUSED, LCC_EUNKNOWN_ZONE,
                                                "no zone starts with '%s'", prefix);
}

int cmd_tz(cli_app *app, const char *sub, int argc, char **argv)
{
    const char *from = NULL, *disamb = NULL;
    cli_list to = {0};
    const cli_opt opts[] = {
        {"from", OPT_VALUE, &from},
        {"to", OPT_LIST, &to},
        {"disambiguation", OPT_VALUE, &disamb},
        {NULL, 0, NULL},
    };
    int is_convert = strcmp(sub, "convert") == 0;
    if (!is_convert && strcmp(sub, "list") != 0)
        return cli_usage(app, "unknown subcommand '%s': convert or list", sub);
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, is_convert ? opts : NULL, pos, &npos);
    lcc_disambiguation how = LCC_DISAMBIGUATE_COMPATIBLE;
    if (rc == CLI_OK && disamb && cli_parse_disambiguation(disamb, &how))
        rc = cli_usage(app, "--disambiguation: compatible, earlier, later or reject");
    if (rc == CLI_OK && is_convert && npos != 1)
        rc = cli_usage(app, "give one date and time, e.g. 2026-11-23T10:00");
    if (rc == CLI_OK && !is_convert && npos > 1)
        rc = cli_usage(app, "give at most one prefix");
    if (rc == CLI_OK)
        rc = is_convert ? convert(app, pos[0], from, &to, how)
                        : list(app, npos ? pos[0] : NULL);
    cli_list_free(&to);
    return rc;
}
