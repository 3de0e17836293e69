/* contactcore text measure: lcc_text_measure() and lcc_text_sms_segments(),
 * as a composer shows them.  No backend. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *encoding_name(lcc_text_encoding e)
{
    switch (e) {
    case LCC_TEXT_GSM7: return "gsm7";
    case LCC_TEXT_UCS2: return "ucs2";
    case LCC_TEXT_CHARS: return "chars";
    case LCC_TEXT_WEIGHTED: return "weighted";
    }
    return "?";
}

static const char *unit_name(lcc_text_encoding e)
{
    switch (e) {
    case LCC_TEXT_GSM7: return "septets";
    case LCC_TEXT_UCS2: return "UTF-16 units";
    case LCC_TEXT_CHARS: return "characters";
    case LCC_TEXT_WEIGHTED: return "weighted characters";
    }
    return "?";
}

static int measure(cli_app *app, lcc_channel channel, const char *text, size_t len, int show)
{
    lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
    lcc_status st = lcc_text_measure(&m, channel, text, len);
    if (st == LCC_EINVAL)
        return out_fail(app, CLI_REFUSED, st, "the text is not valid UTF-8");
    if (st != LCC_OK)
        return out_fail(app, CLI_FAILED, st, "%s", lcc_status_str(st));
    size_t *offsets = NULL, count = 0;
    if (channel == LCC_CHANNEL_SMS && m.segments > 0) {
        offsets = calloc(m.segments, sizeof *offsets);
        if (!offsets)
            return out_fail(app, CLI_FAILED, LCC_ENOMEM, "out of memory");
        st = lcc_text_sms_segments(offsets, m.segments, &count, text, len);
        if (st != LCC_OK)
            count = 0;
    }
    if (app->json) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", !m.over_limit);
        jw_kstr(&w, "channel", cc_channel_name(channel));
        jw_kstr(&w, "encoding", encoding_name(m.encoding));
        jw_key(&w, "units");
        jw_uint(&w, m.units);
        jw_kint(&w, "segments", m.segments);
        if (channel == LCC_CHANNEL_SMS)
            jw_kint(&w, "segment_remaining", m.segment_remaining);
        jw_key(&w, "limit");
        if (m.limit)
            jw_uint(&w, m.limit);
        else
            jw_null(&w);
        jw_key(&w, "remaining");
        if (m.limit)
            jw_int(&w, m.remaining);
        else
            jw_null(&w);
        jw_kbool(&w, "over_limit", m.over_limit);
        if (channel == LCC_CHANNEL_SMS) {
            jw_key(&w, "segment_offsets");
            jw_arr(&w);
            for (size_t i = 0; i < count; i++)
                jw_uint(&w, offsets[i]);
            jw_arr_end(&w);
            if (show) {
                jw_key(&w, "segment_texts");
                jw_arr(&w);
                for (size_t i = 0; i < count; i++)
                    jw_strn(&w, text + offsets[i], (i + 1 < count ? offsets[i + 1] : len) - offsets[i]);
                jw_arr_end(&w);
            }
        }
        jw_obj_end(&w);
        jw_end(&w);
    } else {
        printf("channel   %s\n", cc_channel_name(channel));
        printf("encoding  %s\n", encoding_name(m.encoding));
        printf("length    %llu %s\n", (unsigned long long)m.units, unit_name(m.encoding));
        if (channel == LCC_CHANNEL_SMS)
            printf("segments  %u (%u left in the last one)\n", m.segments, m.segment_remaining);
        if (m.limit)
            printf("limit     %llu: %lld %s\n", (unsigned long long)m.limit,
                   (long long)(m.remaining < 0 ? -m.remaining : m.remaining),
                   m.remaining < 0 ? "over" : "left");
        else
            printf("limit     none\n");
        for (size_t i = 0; show && i < count; i++) {
            size_t end = i + 1 < count ? offsets[i + 1] : len;
            printf("segment %zu: %.*s\n", i + 1, (int)(end - offsets[i]), text + offsets[i]);
        }
        if (m.over_limit)
            printf("error   TXT-LIMITS  the text is over the %s limit of %llu %s\n",
                   cc_channel_name(channel), (unsigned long long)m.limit, unit_name(m.encoding));
    }
    free(offsets);
    return m.over_limit ? CLI_REFUSED : CLI_OK;
}

int cmd_text(cli_app *app, const char *sub, int argc, char **argv)
{
    if (strcmp(sub, "measure") != 0)
        return cli_usage(app, "unknown subcommand '%s': measure", sub);
    const char *channel_s = NULL, *file = NULL;
    int show = 0;
    const cli_opt opts[] = {
        {"channel", OPT_VALUE, &channel_s},
        {"file", OPT_VALUE, &file},
        {"segments", OPT_FLAG, &show},
        {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc != CLI_OK)
        return rc;
    lcc_channel channel = LCC_CHANNEL_SMS;
    if (channel_s && cc_parse_channel(channel_s, &channel))
        return cli_usage(app, "--channel: sms, whatsapp, email, open, web, facebook, instagram, "
                              "x or social");
    if (npos > 1)
        return cli_usage(app, "give the text as one argument (quote it)");
    if (npos == 1 && file)
        return cli_usage(app, "a TEXT or --file, not both");
    if (npos == 1)
        return measure(app, channel, pos[0], strlen(pos[0]), show);
    size_t len;
    char *text = cc_read_file(file ? file : "-", &len, (size_t)64 << 20);
    if (!text)
        return out_fail(app, CLI_FAILED, LCC_EIO, "%s: %s", file ? file : "stdin",
                        strerror(errno));
    rc = measure(app, channel, text, len, show);
    free(text);
    return rc;
}
