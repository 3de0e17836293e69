/* Fuzz target of the text measures (contactcore/text.h: lcc_text_measure and
 * lcc_text_sms_segments), through the public API only.
 *
 * The first input byte picks the channel (modulo 10: the nine channels and
 * one that is not a channel); the rest is the text, handed over with its
 * length (NUL bytes included).  The text is measured on that channel and on
 * SMS, and split into SMS segments; the documented results and the
 * agreement of the two functions are checked (abort() on a violation, so
 * libFuzzer and the replay see it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <contactcore/contactcore.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                    \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz-text: %s:%d: invariant broken: %s\n", __FILE__,      \
                    __LINE__, #cond);                                                    \
            abort();                                                                     \
        }                                                                                \
    } while (0)

static void check_metrics(const lcc_text_metrics *m, lcc_channel ch, size_t len)
{
    REQUIRE(m->over_limit == 0 || m->over_limit == 1);
    if (m->limit == 0) {
        REQUIRE(ch == LCC_CHANNEL_EMAIL);
        REQUIRE(m->over_limit == 0 && m->remaining == INT64_MAX);
    } else {
        REQUIRE(m->over_limit == (m->units > m->limit));
        REQUIRE(m->remaining == (int64_t)m->limit - (int64_t)m->units);
    }
    if (len == 0)
        REQUIRE(m->units == 0 && m->segments == 0);
    if (ch == LCC_CHANNEL_SMS) {
        REQUIRE(m->encoding == LCC_TEXT_GSM7 || m->encoding == LCC_TEXT_UCS2);
        REQUIRE(m->segment_remaining <= 160);
    } else {
        REQUIRE(m->segments == (len ? 1u : 0u));
        REQUIRE(m->segment_remaining == 0);
        REQUIRE(m->encoding == (ch == LCC_CHANNEL_X ? LCC_TEXT_WEIGHTED : LCC_TEXT_CHARS));
        if (ch != LCC_CHANNEL_X)
            REQUIRE(m->units <= len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    lcc_channel ch = (lcc_channel)(data[0] % 10);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
    lcc_status st = lcc_text_measure(&m, ch, text, len);
    REQUIRE(st == LCC_OK || st == LCC_EINVAL || st == LCC_ENOMEM);
    if (ch > LCC_CHANNEL_SOCIAL_PUBLIC)
        REQUIRE(st == LCC_EINVAL);
    else if (st == LCC_OK)
        check_metrics(&m, ch, len);
    int valid = st == LCC_OK || ch > LCC_CHANNEL_SOCIAL_PUBLIC;

    lcc_text_metrics sms = LCC_TEXT_METRICS_INIT;
    st = lcc_text_measure(&sms, LCC_CHANNEL_SMS, text, len);
    REQUIRE(st == LCC_OK || st == LCC_EINVAL);
    if (valid && ch <= LCC_CHANNEL_SOCIAL_PUBLIC)
        REQUIRE(st == LCC_OK); /* valid UTF-8 on one channel is valid on all */
    if (st != LCC_OK) {
        size_t count = 99;
        REQUIRE(lcc_text_sms_segments(NULL, 0, &count, text, len) == LCC_EINVAL);
        return 0;
    }
    check_metrics(&sms, LCC_CHANNEL_SMS, len);

    /* The count alone, then the offsets. */
    size_t count = 0;
    st = lcc_text_sms_segments(NULL, 0, &count, text, len);
    REQUIRE(len == 0 ? st == LCC_OK : st == LCC_ERANGE);
    REQUIRE(count == sms.segments);
    if (count == 0)
        return 0;
    size_t *offsets = malloc(count * sizeof *offsets);
    if (!offsets)
        return 0;
    size_t count2 = 0;
    st = lcc_text_sms_segments(offsets, count, &count2, text, len);
    REQUIRE(st == LCC_OK && count2 == count);
    REQUIRE(offsets[0] == 0);
    for (size_t i = 1; i < count; i++)
        REQUIRE(offsets[i] > offsets[i - 1] && offsets[i] < len);
    /* Too little room: LCC_ERANGE, the count still set. */
    if (count > 1) {
        count2 = 0;
        st = lcc_text_sms_segments(offsets, count - 1, &count2, text, len);
        REQUIRE(st == LCC_ERANGE && count2 == count);
    }
    free(offsets);
    return 0;
}
