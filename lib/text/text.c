/* Public text metrics: lcc_text_measure and lcc_text_sms_segments. */
#include "contactcore/text.h"

#include <string.h>

#include "text/text.h"

#define METRICS_V1_SIZE sizeof(lcc_text_metrics)

#define SMS_LIMIT 765u /* Genesys body, in the encoding's units */

/* TXT-LIMITS for the channels measured in code points (0: no limit). */
static uint64_t chars_limit(lcc_channel channel)
{
    switch (channel) {
    case LCC_CHANNEL_WHATSAPP:
    case LCC_CHANNEL_OPEN:
    case LCC_CHANNEL_WEB:
        return 4000;
    case LCC_CHANNEL_FACEBOOK:
    case LCC_CHANNEL_SOCIAL_PUBLIC:
        return 2000;
    case LCC_CHANNEL_INSTAGRAM:
        return 1000;
    default: /* email */
        return 0;
    }
}

static void set_limit(lcc_text_metrics *m, uint64_t limit)
{
    m->limit = limit;
    if (!limit) {
        m->remaining = INT64_MAX;
        m->over_limit = 0;
        return;
    }
    /* units fit in int64: they are bounded by twice the text's length */
    m->remaining = (int64_t)limit - (int64_t)m->units;
    m->over_limit = m->units > limit;
}

LCC_API lcc_status lcc_text_measure(lcc_text_metrics *out, lcc_channel channel,
                                    const char *text, size_t len)
{
    if (!out || out->size < METRICS_V1_SIZE || out->size > sizeof(lcc_text_metrics))
        return LCC_EMISUSE;
    if (!text && len > 0)
        return LCC_EMISUSE;
    if ((unsigned)channel > LCC_CHANNEL_SOCIAL_PUBLIC)
        return LCC_EINVAL;
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    lcc_text_metrics m;
    memset(&m, 0, sizeof m);
    m.size = out->size;
    if (channel == LCC_CHANNEL_SMS) {
        lcc__sms sms;
        if (!lcc__sms_plan(&sms, s, len, NULL, 0))
            return LCC_EINVAL;
        m.encoding = sms.ucs2 ? LCC_TEXT_UCS2 : LCC_TEXT_GSM7;
        m.segments = sms.segments > UINT32_MAX ? UINT32_MAX : (uint32_t)sms.segments;
        m.units = sms.units;
        m.segment_remaining = sms.remaining;
        set_limit(&m, SMS_LIMIT);
    } else if (channel == LCC_CHANNEL_X) {
        if (!lcc__text_count(s, len, &m.units))
            return LCC_EINVAL;
        int st = lcc__weighted_length(&m.units, s, len);
        if (st < 0)
            return LCC_ENOMEM;
        m.encoding = LCC_TEXT_WEIGHTED;
        m.segments = len > 0;
        set_limit(&m, LCC__WEIGHTED_LIMIT);
    } else {
        if (!lcc__text_count(s, len, &m.units))
            return LCC_EINVAL;
        m.encoding = LCC_TEXT_CHARS;
        m.segments = len > 0;
        set_limit(&m, chars_limit(channel));
    }
    memcpy(out, &m, m.size);
    return LCC_OK;
}

LCC_API lcc_status lcc_text_sms_segments(size_t *offsets, size_t max, size_t *count,
                                         const char *text, size_t len)
{
    if (!count || (!offsets && max > 0) || (!text && len > 0))
        return LCC_EMISUSE;
    lcc__sms sms;
    if (!lcc__sms_plan(&sms, (const unsigned char *)(text ? text : ""), len, offsets, max))
        return LCC_EINVAL;
    *count = (size_t)sms.segments;
    return sms.segments > max ? LCC_ERANGE : LCC_OK;
}
