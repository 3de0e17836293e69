/* Text metrics through the public API: SMS encoding and segments (TXT-SMS),
 * the weighted length of X (TXT-WEIGHTED, checked against twitter-text's
 * conformance examples), the channels' limits (TXT-LIMITS), invalid UTF-8
 * and misuse.  Every test is named after the rule it checks. */
#include "fixture.h"

/* ---- helpers ------------------------------------------------------------ */

/* A text built piece by piece (tests free it with txt_free). */
typedef struct txt {
    char *s;
    size_t len, cap;
} txt;

static void txt_add(txt *t, const char *piece, size_t times)
{
    size_t n = strlen(piece);
    if (t->len + n * times + 1 > t->cap) {
        t->cap = (t->len + n * times + 1) * 2;
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
    for (size_t i = 0; i < times; i++) {
        memcpy(t->s + t->len, piece, n);
        t->len += n;
    }
    t->s[t->len] = 0;
}

static void txt_free(txt *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}

/* `piece` repeated `times` times (a fresh txt). */
static txt rep(const char *piece, size_t times)
{
    txt t = {0};
    txt_add(&t, piece, times);
    return t;
}

static lcc_text_metrics measure_n(lcc_channel channel, const char *s, size_t len)
{
    lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
    ck_assert_int_eq(lcc_text_measure(&m, channel, s, len), LCC_OK);
    ck_assert_uint_eq(m.size, sizeof m);
    return m;
}

static lcc_text_metrics measure(lcc_channel channel, const char *s)
{
    return measure_n(channel, s, strlen(s));
}

static uint64_t weighted(const char *s)
{
    lcc_text_metrics m = measure(LCC_CHANNEL_X, s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_WEIGHTED);
    return m.units;
}

#define MAX_SEGMENTS 64

/* Segment start offsets of an SMS; returns the count, and checks that
 * lcc_text_measure agrees. */
static size_t segments(size_t *off, const char *s, size_t len)
{
    size_t count = 999;
    ck_assert_int_eq(lcc_text_sms_segments(off, MAX_SEGMENTS, &count, s, len), LCC_OK);
    lcc_text_metrics m = measure_n(LCC_CHANNEL_SMS, s, len);
    ck_assert_uint_eq(m.segments, count);
    if (count > 0)
        ck_assert_uint_eq(off[0], 0);
    for (size_t i = 1; i < count; i++)
        ck_assert_uint_gt(off[i], off[i - 1]);
    return count;
}

/* ---- TXT-SMS: encoding -------------------------------------------------- */

START_TEST(test_TXT_SMS_empty)
{
    lcc_text_metrics m = measure_n(LCC_CHANNEL_SMS, NULL, 0);
    ck_assert_int_eq(m.encoding, LCC_TEXT_GSM7);
    ck_assert_uint_eq(m.segments, 0);
    ck_assert_uint_eq(m.units, 0);
    ck_assert_uint_eq(m.segment_remaining, 160);
    ck_assert_int_eq(m.remaining, 765);
    ck_assert_int_eq(m.over_limit, 0);
    size_t off[MAX_SEGMENTS];
    ck_assert_uint_eq(segments(off, "", 0), 0);
}
END_TEST

/* The whole default alphabet: 127 characters (ESC aside), one septet each. */
static const char *const gsm_basic =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

START_TEST(test_TXT_SMS_gsm7_default_alphabet)
{
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, gsm_basic);
    ck_assert_int_eq(m.encoding, LCC_TEXT_GSM7);
    ck_assert_uint_eq(m.units, 127);
    ck_assert_uint_eq(m.segments, 1);
    ck_assert_uint_eq(m.segment_remaining, 33);
    /* and each character alone, so none hides behind another */
    const char *p = gsm_basic;
    while (*p) {
        size_t n = 1;
        while ((p[n] & 0xC0) == 0x80)
            n++;
        m = measure_n(LCC_CHANNEL_SMS, p, n);
        ck_assert_msg(m.encoding == LCC_TEXT_GSM7 && m.units == 1, "%.*s is 1 septet", (int)n, p);
        p += n;
    }
}
END_TEST

START_TEST(test_TXT_SMS_gsm7_extension_counts_two)
{
    static const char *const ext[] = {"€", "[", "]", "{", "}", "\\", "~", "^", "|", "\f"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        lcc_text_metrics m = measure(LCC_CHANNEL_SMS, ext[i]);
        ck_assert_msg(m.encoding == LCC_TEXT_GSM7 && m.units == 2, "%s is 2 septets", ext[i]);
        ck_assert_uint_eq(m.segment_remaining, 158);
    }
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, "Price: 10€ [net]");
    ck_assert_int_eq(m.encoding, LCC_TEXT_GSM7);
    ck_assert_uint_eq(m.units, 16 + 3);
}
END_TEST

START_TEST(test_TXT_SMS_not_gsm7_is_ucs2)
{
    /* backtick, small c cedilla, tab, DEL, no-break space, OHM SIGN (not the
     * Greek Omega of the alphabet), Greek capital alpha, Cyrillic, CJK, and a
     * NUL byte (U+0000 is not "@"). */
    static const char *const others[] = {"`", "ç", "\t", "\x7f", "\xc2\xa0", "\xe2\x84\xa6",
                                         "Α", "ж", "中", "\v", "ê", "\xe2\x80\x99"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        txt t = {0};
        txt_add(&t, "Hello ", 1);
        txt_add(&t, others[i], 1);
        lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
        ck_assert_msg(m.encoding == LCC_TEXT_UCS2, "text with U+%s is UCS-2", others[i]);
        ck_assert_uint_eq(m.units, 7);
        ck_assert_uint_eq(m.segment_remaining, 63);
        txt_free(&t);
    }
    lcc_text_metrics m = measure_n(LCC_CHANNEL_SMS, "a\0b", 3);
    ck_assert_int_eq(m.encoding, LCC_TEXT_UCS2);
    ck_assert_uint_eq(m.units, 3);
    /* a code point above U+FFFF is two UTF-16 units */
    m = measure(LCC_CHANNEL_SMS, "ok \xf0\x9f\x98\x80");
    ck_assert_int_eq(m.encoding, LCC_TEXT_UCS2);
    ck_assert_uint_eq(m.units, 5);
}
END_TEST

/* ---- TXT-SMS: segments -------------------------------------------------- */

START_TEST(test_TXT_SMS_gsm7_160)
{
    txt t = rep("a", 160);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_GSM7);
    ck_assert_uint_eq(m.units, 160);
    ck_assert_uint_eq(m.segments, 1);
    ck_assert_uint_eq(m.segment_remaining, 0);
    size_t off[MAX_SEGMENTS];
    ck_assert_uint_eq(segments(off, t.s, t.len), 1);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_gsm7_161)
{
    txt t = rep("a", 161);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_uint_eq(m.units, 161);
    ck_assert_uint_eq(m.segments, 2);
    ck_assert_uint_eq(m.segment_remaining, 153 - 8);
    size_t off[MAX_SEGMENTS];
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 153);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_gsm7_153k_boundaries)
{
    size_t off[MAX_SEGMENTS];
    for (size_t k = 2; k <= 6; k++) {
        txt t = rep("a", 153 * k);
        lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
        ck_assert_uint_eq(m.segments, k);
        ck_assert_uint_eq(m.segment_remaining, 0);
        ck_assert_uint_eq(segments(off, t.s, t.len), k);
        for (size_t i = 0; i < k; i++)
            ck_assert_uint_eq(off[i], 153 * i);
        txt_add(&t, "a", 1);
        m = measure(LCC_CHANNEL_SMS, t.s);
        ck_assert_uint_eq(m.segments, k + 1);
        ck_assert_uint_eq(m.segment_remaining, 152);
        ck_assert_uint_eq(segments(off, t.s, t.len), k + 1);
        ck_assert_uint_eq(off[k], 153 * k);
        txt_free(&t);
    }
}
END_TEST

START_TEST(test_TXT_SMS_escape_not_split)
{
    /* 152 septets, then "€" would take septets 153 and 154: it opens the
     * second segment and the first keeps one septet unused. */
    txt t = rep("a", 152);
    txt_add(&t, "€", 1);
    txt_add(&t, "b", 10);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_GSM7);
    ck_assert_uint_eq(m.units, 164);
    ck_assert_uint_eq(m.segments, 2);
    ck_assert_uint_eq(m.segment_remaining, 153 - 12);
    size_t off[MAX_SEGMENTS];
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 152);
    ck_assert_int_eq(memcmp(t.s + off[1], "€", 3), 0);
    txt_free(&t);

    /* an extension character at position 153 fits the first segment exactly */
    t = rep("a", 151);
    txt_add(&t, "[", 1);
    txt_add(&t, "b", 10);
    m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_uint_eq(m.units, 163);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 152);
    ck_assert_int_eq(t.s[off[1]], 'b');
    ck_assert_uint_eq(m.segment_remaining, 153 - 10);
    txt_free(&t);

    /* and one starting at position 154 (after 153 septets) opens segment 2 */
    t = rep("a", 153);
    txt_add(&t, "]", 1);
    txt_add(&t, "b", 10);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 153);
    ck_assert_int_eq(t.s[off[1]], ']');
    txt_free(&t);

    /* a text of extension characters only: 76 per segment, never 76.5 */
    t = rep("{", 100);
    m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_uint_eq(m.units, 200);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 76);
    ck_assert_uint_eq(m.segment_remaining, 153 - 48);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_ucs2_70)
{
    txt t = rep("ж", 70);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_UCS2);
    ck_assert_uint_eq(m.units, 70);
    ck_assert_uint_eq(m.segments, 1);
    ck_assert_uint_eq(m.segment_remaining, 0);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_ucs2_71)
{
    txt t = rep("ж", 71);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_uint_eq(m.units, 71);
    ck_assert_uint_eq(m.segments, 2);
    ck_assert_uint_eq(m.segment_remaining, 67 - 4);
    size_t off[MAX_SEGMENTS];
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 67 * 2);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_ucs2_67k_boundaries)
{
    size_t off[MAX_SEGMENTS];
    for (size_t k = 2; k <= 5; k++) {
        txt t = rep("ж", 67 * k);
        ck_assert_uint_eq(segments(off, t.s, t.len), k);
        ck_assert_uint_eq(measure(LCC_CHANNEL_SMS, t.s).segment_remaining, 0);
        txt_add(&t, "x", 1);
        ck_assert_uint_eq(segments(off, t.s, t.len), k + 1);
        ck_assert_uint_eq(off[k], 67 * k * 2);
        ck_assert_uint_eq(measure(LCC_CHANNEL_SMS, t.s).segment_remaining, 66);
        txt_free(&t);
    }
}
END_TEST

START_TEST(test_TXT_SMS_surrogate_not_split)
{
    /* 66 units, then U+1D400 (a surrogate pair, not an emoji) at units 67-68 */
    txt t = rep("ж", 66);
    txt_add(&t, "\xf0\x9d\x90\x80", 1);
    txt_add(&t, "ж", 10);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_UCS2);
    ck_assert_uint_eq(m.units, 78);
    ck_assert_uint_eq(m.segments, 2);
    ck_assert_uint_eq(m.segment_remaining, 67 - 12);
    size_t off[MAX_SEGMENTS];
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 132);
    txt_free(&t);

    /* 65 units before it: it ends the first segment exactly */
    t = rep("ж", 65);
    txt_add(&t, "\xf0\x9d\x90\x80", 1);
    txt_add(&t, "ж", 10);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 130 + 4);
    txt_free(&t);

    /* astral characters only: 33 per segment (66 units), never 33.5 */
    t = rep("\xf0\x9d\x90\x80", 40);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 33 * 4);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_cluster_not_split)
{
    size_t off[MAX_SEGMENTS];
    /* a letter and its combining accent at units 67-68 */
    txt t = rep("ж", 66);
    txt_add(&t, "e\xcc\x81", 1);
    txt_add(&t, "ж", 10);
    ck_assert_uint_eq(measure(LCC_CHANNEL_SMS, t.s).units, 78);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 132);
    ck_assert_int_eq(t.s[off[1]], 'e');
    txt_free(&t);

    /* a family (ZWJ sequence, 11 units) starting at unit 61 */
    t = rep("ж", 60);
    txt_add(&t, "👨‍👩‍👧‍👦", 1);
    txt_add(&t, "ж", 10);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_uint_eq(m.units, 81);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 120);
    ck_assert_uint_eq(m.segment_remaining, 67 - 21);
    txt_free(&t);

    /* a flag (two regional indicators, 4 units) starting at unit 65 */
    t = rep("ж", 64);
    txt_add(&t, "🇫🇷", 1);
    txt_add(&t, "ж", 10);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 128);
    txt_free(&t);

    /* CR LF in GSM-7 at septets 153-154 */
    t = rep("a", 152);
    txt_add(&t, "\r\n", 1);
    txt_add(&t, "b", 10);
    m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_GSM7);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 152);
    txt_free(&t);

    /* a Hangul syllable written as jamo (L V T, one cluster) at units 66-68 */
    t = rep("ж", 65);
    txt_add(&t, "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", 1);
    txt_add(&t, "ж", 10);
    ck_assert_uint_eq(segments(off, t.s, t.len), 2);
    ck_assert_uint_eq(off[1], 130);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_cluster_longer_than_segment)
{
    /* 10 units, then "a" with 100 combining acute accents (one cluster of
     * 101 units), then 5 units: the cluster opens segment 2 and is cut after
     * 67 units, segment 3 holds the other 34 marks and the 5 letters. */
    txt t = rep("ж", 10);
    txt_add(&t, "a", 1);
    txt_add(&t, "\xcc\x81", 100);
    txt_add(&t, "ж", 5);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_UCS2);
    ck_assert_uint_eq(m.units, 116);
    ck_assert_uint_eq(m.segments, 3);
    ck_assert_uint_eq(m.segment_remaining, 67 - 39);
    size_t off[MAX_SEGMENTS];
    ck_assert_uint_eq(segments(off, t.s, t.len), 3);
    ck_assert_uint_eq(off[1], 20);
    ck_assert_uint_eq(off[2], 20 + 1 + 66 * 2);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_segments_range)
{
    txt t = rep("a", 400); /* 3 segments */
    size_t off[4] = {77, 77, 77, 77}, count = 0;
    ck_assert_int_eq(lcc_text_sms_segments(off, 2, &count, t.s, t.len), LCC_ERANGE);
    ck_assert_uint_eq(count, 3);
    ck_assert_uint_eq(off[0], 0);
    ck_assert_uint_eq(off[1], 153);
    ck_assert_uint_eq(off[2], 77);
    count = 0;
    ck_assert_int_eq(lcc_text_sms_segments(NULL, 0, &count, t.s, t.len), LCC_ERANGE);
    ck_assert_uint_eq(count, 3);
    ck_assert_int_eq(lcc_text_sms_segments(off, 3, &count, t.s, t.len), LCC_OK);
    ck_assert_uint_eq(off[2], 306);
    ck_assert_uint_eq(off[3], 77);
    /* a short text: one segment at 0 */
    ck_assert_int_eq(lcc_text_sms_segments(off, 1, &count, "hi", 2), LCC_OK);
    ck_assert_uint_eq(count, 1);
    ck_assert_uint_eq(off[0], 0);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_SMS_segments_misuse)
{
    size_t off[2], count = 5;
    ck_assert_int_eq(lcc_text_sms_segments(off, 2, NULL, "hi", 2), LCC_EMISUSE);
    ck_assert_int_eq(lcc_text_sms_segments(NULL, 2, &count, "hi", 2), LCC_EMISUSE);
    ck_assert_int_eq(lcc_text_sms_segments(off, 2, &count, NULL, 2), LCC_EMISUSE);
    ck_assert_uint_eq(count, 5);
    ck_assert_int_eq(lcc_text_sms_segments(off, 2, &count, NULL, 0), LCC_OK);
    ck_assert_uint_eq(count, 0);
}
END_TEST

/* Every segment boundary of mixed texts falls on a character boundary and
 * between clusters a composer can see (checked on a few constructed texts
 * with a simple model of the rules). */
START_TEST(test_TXT_SMS_segments_fill_greedily)
{
    size_t off[MAX_SEGMENTS];
    /* GSM-7: "ab€" repeated: 4 septets per repeat; segments end where the
     * next piece no longer fits. */
    txt t = rep("ab€", 100);
    size_t n = segments(off, t.s, t.len);
    size_t used = 0, seg = 0, pos = 0;
    static const size_t cost[3] = {1, 1, 2}, bytes[3] = {1, 1, 3};
    for (size_t i = 0; i < 300; i++) {
        if (used + cost[i % 3] > 153) {
            seg++;
            ck_assert_uint_eq(off[seg], pos);
            used = 0;
        }
        used += cost[i % 3];
        pos += bytes[i % 3];
    }
    ck_assert_uint_eq(n, seg + 1);
    ck_assert_uint_eq(measure(LCC_CHANNEL_SMS, t.s).segment_remaining, 153 - used);
    txt_free(&t);
}
END_TEST

/* ---- TXT-WEIGHTED -------------------------------------------------------- */

START_TEST(test_TXT_WEIGHTED_ascii_280)
{
    txt t = rep("a", 280);
    lcc_text_metrics m = measure(LCC_CHANNEL_X, t.s);
    ck_assert_uint_eq(m.units, 280);
    ck_assert_uint_eq(m.limit, 280);
    ck_assert_int_eq(m.remaining, 0);
    ck_assert_int_eq(m.over_limit, 0);
    ck_assert_uint_eq(m.segments, 1);
    ck_assert_uint_eq(m.segment_remaining, 0);
    txt_add(&t, "a", 1);
    m = measure(LCC_CHANNEL_X, t.s);
    ck_assert_uint_eq(m.units, 281);
    ck_assert_int_eq(m.remaining, -1);
    ck_assert_int_eq(m.over_limit, 1);
    txt_free(&t);
    m = measure_n(LCC_CHANNEL_X, "", 0);
    ck_assert_uint_eq(m.units, 0);
    ck_assert_uint_eq(m.segments, 0);
}
END_TEST

START_TEST(test_TXT_WEIGHTED_cjk_140)
{
    txt t = rep("故", 140);
    lcc_text_metrics m = measure(LCC_CHANNEL_X, t.s);
    ck_assert_uint_eq(m.units, 280);
    ck_assert_int_eq(m.over_limit, 0);
    txt_add(&t, "故", 1);
    ck_assert_uint_eq(weighted(t.s), 282);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_WEIGHTED_ranges)
{
    static const struct {
        const char *text;
        uint64_t weight;
    } cp[] = {
        {"\xe1\x83\xbf", 1}, /* U+10FF = 4351 */
        {"\xe1\x84\x80", 2}, /* U+1100 = 4352 */
        {"\xe1\xbf\xbf", 2}, /* U+1FFF = 8191 */
        {"\xe2\x80\x80", 1}, /* U+2000 = 8192 */
        {"\xe2\x80\x8d", 1}, /* U+200D = 8205 */
        {"\xe2\x80\x8e", 2}, /* U+200E = 8206 */
        {"\xe2\x80\x8f", 2}, /* U+200F = 8207 */
        {"\xe2\x80\x90", 1}, /* U+2010 = 8208 */
        {"\xe2\x80\x9f", 1}, /* U+201F = 8223 */
        {"\xe2\x80\xa0", 2}, /* U+2020 = 8224 */
        {"\xe2\x80\xb1", 2}, /* U+2031 = 8241 */
        {"\xe2\x80\xb2", 1}, /* U+2032 = 8242 */
        {"\xe2\x80\xb7", 1}, /* U+2037 = 8247 */
        {"\xe2\x80\xb8", 2}, /* U+2038 = 8248 */
        {"\xc3\xa9", 1},     /* é, precomposed */
        {"\xd0\xb6", 1},     /* ж */
        {"\xef\xbc\xa1", 2}, /* fullwidth A */
        {"\xf0\x90\x80\x80", 2},
        {"\xf4\x8f\xbf\xbf", 2},
    };
    for (size_t i = 0; i < sizeof cp / sizeof *cp; i++)
        ck_assert_msg(weighted(cp[i].text) == cp[i].weight, "case %zu weighs %d", i,
                      (int)cp[i].weight);
}
END_TEST

/* twitter-text 3's conformance suite (conformance/validate.yml,
 * WeightedTweetsWithDiscountedEmojiCounterTest and
 * UnicodeDirectionalMarkerCounterTest) and its lengths section. */
START_TEST(test_TXT_WEIGHTED_conformance)
{
    static const struct {
        const char *text;
        uint64_t weight;
    } cases[] = {
        {"This is a test.", 15},
        {"http://test.com", 23},
        {"https://test.com", 23},
        {"test.com", 23},
        {"Test https://test.com test https://test.com test.com test", 86},
        {"Hi http://test.co", 26},
        {"http://test.co", 23},
        {"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 4},
        {"저찀쯿쿿", 8},
        {"A\xcc\x81" "B", 2}, /* 'Á' is normalized into 1 char */
        {"A\xef\xac\xac", 4}, /* U+FB2C is normalized into 3 chars */
        {"H🐱☺👨‍👩‍👧‍👦", 7},
        {"😷👾😡🔥💩", 10},
        {"🙋🏽👨‍🎤", 4},
        {"Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067"
         "\U000e007f",
         34},
        {"Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29},
        {"This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004"
         "\u2005\u2006\u2007\u2008\u2009\u200A\u200B ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷",
         110},
        {"randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68},
        {"ABC\u202A\uFFFF" "ABC\uFFFE", 12},
        {"\u2066\u202Ahttp://foobar.پاکستان/\u202C\u2069", 31},
        {"ZWJ: क्ष -> क्\u200Dष; ZWNJ: क्ष -> क्\u200Cष", 35},
        {"1⃣", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint64_t w = weighted(cases[i].text);
        ck_assert_msg(w == cases[i].weight, "\"%s\" weighs %d, not %d", cases[i].text,
                      (int)cases[i].weight, (int)w);
    }
}
END_TEST

START_TEST(test_TXT_WEIGHTED_conformance_long)
{
    /* "285 chars-" and 25 times "xxxxxxxxxx-" */
    txt t = rep("285 chars-", 1);
    txt_add(&t, "xxxxxxxxxx-", 25);
    ck_assert_uint_eq(weighted(t.s), 285);
    txt_free(&t);
    /* with a URL in the middle (and 24 of them) */
    t = rep("285 chars- http://www.twitter.com/jack ", 1);
    txt_add(&t, "xxxxxxxxxx-", 24);
    ck_assert_uint_eq(weighted(t.s), 299);
    txt_free(&t);
    /* 10 URLs */
    t = rep("https://www.twitter.com/aloha ", 10);
    ck_assert_uint_eq(weighted(t.s), 240);
    txt_free(&t);
    /* 140 families: 280, valid */
    t = rep("👨‍👩‍👧‍👦", 140);
    lcc_text_metrics m = measure(LCC_CHANNEL_X, t.s);
    ck_assert_uint_eq(m.units, 280);
    ck_assert_int_eq(m.over_limit, 0);
    txt_free(&t);
    /* 120 kana and a URL whose host label is 53 kana: 64 characters in
     * punycode, too long for a label, so not a URL ... */
    static const char *const kana = "あいうえおかきくけこ";
    t = rep(kana, 12);
    txt_add(&t, " http://", 1);
    txt_add(&t, kana, 5);
    txt_add(&t, "あいう.com", 1);
    ck_assert_uint_eq(weighted(t.s), 358);
    txt_free(&t);
    /* ... and with 52 kana (63 in punycode) a URL */
    t = rep(kana, 12);
    txt_add(&t, " http://", 1);
    txt_add(&t, kana, 5);
    txt_add(&t, "あい.com", 1);
    ck_assert_uint_eq(weighted(t.s), 264);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_WEIGHTED_url)
{
    static const struct {
        const char *text;
        uint64_t weight;
    } cases[] = {
        /* with or without protocol, any length: 23 */
        {"https://example.com/x", 23},
        {"example.com", 23},
        {"www.foo.co.uk/path", 23},
        {"HTTPS://www.ExaMPLE.COM/index.html", 23},
        {"Check out https://example.com/some/very/long/path/that/is/way/more/than/23/characters",
         33},
        {"https://example.com/path/to/resource?search=foo&lang=en", 23},
        {"http://twitter.com/#!/twitter", 23},
        {"http://sports.yahoo.com/nfl/news;_ylt=Aom0;ylu=XyZ?slug=ap-superbowlnotebook", 23},
        {"http://test_underscore.twitter.com", 23},
        {"http://example.com/Русские_слова", 23},
        {"https://www.youtube.com/playlist?list=PL0ZPu8XSRTB7wZzn0mLHMvyzVFeRxbWn-", 23},
        {"http://☃.net/", 23},
        {"https://пример.рф/путь", 23},
        {"https://example.xn--p1ai", 23},
        {"foo.co.jp", 23},
        {"t.co", 23},
        {"example.tv", 23},
        {"example.jp/x", 23},
        {"example.com:8080/x", 23},
        {"https://example.com:8080", 23},
        {"https://en.wikipedia.org/wiki/Foo_(bar)", 23},
        {"http://example.com日本語", 23 + 6},
        {"日本語example.com", 6 + 23},
        /* trailing punctuation is not part of the URL */
        {"see example.com.", 4 + 23 + 1},
        {"(example.com)", 1 + 23 + 1},
        {"https://example.com/path.", 23 + 1},
        {"https://example.com/?", 23 + 1},
        {"https://en.wikipedia.org/wiki/Foo_(bar))", 23 + 1},
        {"example.com?q=1", 23 + 4}, /* without protocol, a query needs a path */
        {"example.com:8080", 23 + 5}, /* and so does a port */
        /* not URLs */
        {"example.jp", 10},
        {"user@example.com", 16},
        {"foo.notatld", 11},
        {"http://localhost", 16},
        {"ftp://example.org", 3 + 3 + 11},
        {"http://www.-domain4352.com/", 27},
        {"http://www.domain4352-.com/", 27},
        {"http://domain_x.com", 19},
        {"example.com-x", 13},
        {"#example.com", 12},
        {"$example.com", 12},
        {"a.example.com", 23}, /* (the whole host) */
        {"-example.com", 12},
        {"3.14 10.0", 9},
        {"e.g. i.e.", 9},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint64_t w = weighted(cases[i].text);
        ck_assert_msg(w == cases[i].weight, "\"%s\" weighs %d, not %d", cases[i].text,
                      (int)cases[i].weight, (int)w);
    }
}
END_TEST

START_TEST(test_TXT_WEIGHTED_url_label_63)
{
    txt t = rep("a", 63);
    txt_add(&t, ".com", 1);
    ck_assert_uint_eq(weighted(t.s), 23);
    txt_free(&t);
    t = rep("a", 64);
    txt_add(&t, ".com", 1);
    ck_assert_uint_eq(weighted(t.s), 68);
    txt_free(&t);
    /* a URL longer than 4096 characters is not one */
    t = rep("https://example.com/", 1);
    txt_add(&t, "a", 4100);
    ck_assert_uint_eq(weighted(t.s), 4120);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_WEIGHTED_emoji_zwj)
{
    ck_assert_uint_eq(weighted("👨‍👩‍👧‍👦"), 2);              /* family */
    ck_assert_uint_eq(weighted("👩‍❤️‍💋‍👨"), 2);              /* kiss */
    ck_assert_uint_eq(weighted("🏳️‍🌈"), 2);                 /* rainbow flag */
    ck_assert_uint_eq(weighted("🧑🏽‍💻"), 2);                 /* technologist, skin tone */
    ck_assert_uint_eq(weighted("👨‍👩‍👧‍👦👨‍👩‍👧‍👦 x"), 6);
    /* without the joiners: four emoji */
    ck_assert_uint_eq(weighted("👨👩👧👦"), 8);
    /* ZWJ outside an emoji sequence weighs 1 */
    ck_assert_uint_eq(weighted("a\u200Db"), 3);
    /* a combining mark after an emoji adds its own weight */
    ck_assert_uint_eq(weighted("😀\xcc\x81"), 3);
}
END_TEST

START_TEST(test_TXT_WEIGHTED_emoji_flags_keycaps_modifiers)
{
    ck_assert_uint_eq(weighted("🇺🇸"), 2);
    ck_assert_uint_eq(weighted("🇺🇸🇫🇷"), 4);
    ck_assert_uint_eq(weighted("🇺"), 2);
    ck_assert_uint_eq(weighted("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"), 2);
    ck_assert_uint_eq(weighted("1\xe2\x83\xa3"), 2);          /* 1 + U+20E3 */
    ck_assert_uint_eq(weighted("1\xef\xb8\x8f\xe2\x83\xa3"), 2); /* 1 U+FE0F U+20E3 */
    ck_assert_uint_eq(weighted("#️⃣*️⃣"), 4);
    ck_assert_uint_eq(weighted("12"), 2);
    ck_assert_uint_eq(weighted("👍🏽"), 2);
    ck_assert_uint_eq(weighted("👍🏿👍"), 4);
    ck_assert_uint_eq(weighted("🏽"), 2);
    ck_assert_uint_eq(weighted("☺\xef\xb8\x8f"), 2); /* emoji presentation */
    ck_assert_uint_eq(weighted("☺\xef\xb8\x8e"), 4); /* text presentation: not an emoji */
    ck_assert_uint_eq(weighted("©"), 1);
    ck_assert_uint_eq(weighted("©\xef\xb8\x8f"), 2);
    ck_assert_uint_eq(weighted("®"), 1);
    ck_assert_uint_eq(weighted("™"), 2);
}
END_TEST

START_TEST(test_TXT_WEIGHTED_nfc)
{
    ck_assert_uint_eq(weighted("e\xcc\x81"), 1);                      /* é */
    ck_assert_uint_eq(weighted("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8"), 2); /* 각 from jamo */
    ck_assert_uint_eq(weighted("\xea\xb0\x81"), 2);                    /* 각 */
    ck_assert_uint_eq(weighted("\xe2\x84\xa6"), 1);                    /* OHM SIGN -> Ω */
    ck_assert_uint_eq(weighted("\xe2\x84\xab"), 1);                    /* ANGSTROM SIGN -> Å */
    ck_assert_uint_eq(weighted("\xef\xac\xac"), 3);                    /* U+FB2C, excluded */
    ck_assert_uint_eq(weighted("\xe1\xbd\xb1"), 1);                    /* U+1F71 -> U+03AC */
    /* s, dot below, dot above: U+1E69 (weight 2, where the three weigh 3),
     * also when the marks come in the other order (canonical reordering) */
    ck_assert_uint_eq(weighted("s\xcc\xa3\xcc\x87"), 2);
    ck_assert_uint_eq(weighted("s\xcc\x87\xcc\xa3"), 2);
    ck_assert_uint_eq(weighted("s\xcc\x87\xcc\xa3 s\xcc\xa3\xcc\x87"), 5);
    /* a cluster of 301 code points (more than the 256 normalised on the
     * stack): "a" and 300 acute accents, the first composes with "a" */
    txt t = rep("x ", 1);
    txt_add(&t, "a", 1);
    txt_add(&t, "\xcc\x81", 300);
    txt_add(&t, " y", 1);
    ck_assert_uint_eq(weighted(t.s), 2 + 1 + 299 + 2);
    txt_free(&t);
    /* NFC does not apply to the other channels: code points as sent */
    ck_assert_uint_eq(measure(LCC_CHANNEL_WHATSAPP, "e\xcc\x81").units, 2);
}
END_TEST

/* ---- TXT-LIMITS ---------------------------------------------------------- */

static void check_limit(lcc_channel channel, const char *unit, uint64_t limit)
{
    txt t = rep(unit, limit);
    lcc_text_metrics m = measure(channel, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_CHARS);
    ck_assert_uint_eq(m.units, limit);
    ck_assert_uint_eq(m.limit, limit);
    ck_assert_int_eq(m.remaining, 0);
    ck_assert_int_eq(m.over_limit, 0);
    ck_assert_uint_eq(m.segments, 1);
    ck_assert_uint_eq(m.segment_remaining, 0);
    txt_add(&t, unit, 1);
    m = measure(channel, t.s);
    ck_assert_int_eq(m.remaining, -1);
    ck_assert_int_eq(m.over_limit, 1);
    m = measure(channel, "hello");
    ck_assert_int_eq(m.remaining, (int64_t)limit - 5);
    txt_free(&t);
}

START_TEST(test_TXT_LIMITS_whatsapp_4000)
{
    check_limit(LCC_CHANNEL_WHATSAPP, "a", 4000);
}
END_TEST

START_TEST(test_TXT_LIMITS_web_and_open_4000)
{
    check_limit(LCC_CHANNEL_WEB, "ж", 4000);
    check_limit(LCC_CHANNEL_OPEN, "中", 4000);
}
END_TEST

START_TEST(test_TXT_LIMITS_facebook_2000)
{
    check_limit(LCC_CHANNEL_FACEBOOK, "a", 2000);
}
END_TEST

START_TEST(test_TXT_LIMITS_instagram_1000)
{
    check_limit(LCC_CHANNEL_INSTAGRAM, "é", 1000);
}
END_TEST

START_TEST(test_TXT_LIMITS_social_public_2000)
{
    check_limit(LCC_CHANNEL_SOCIAL_PUBLIC, "😀", 2000);
    /* elsewhere than X, a URL is its characters */
    ck_assert_uint_eq(measure(LCC_CHANNEL_SOCIAL_PUBLIC, "https://example.com").units, 19);
}
END_TEST

START_TEST(test_TXT_LIMITS_x_280_weighted)
{
    lcc_text_metrics m = measure(LCC_CHANNEL_X, "https://example.com and 😀");
    ck_assert_int_eq(m.encoding, LCC_TEXT_WEIGHTED);
    ck_assert_uint_eq(m.limit, 280);
    ck_assert_uint_eq(m.units, 23 + 5 + 2);
    ck_assert_int_eq(m.remaining, 280 - 30);
}
END_TEST

START_TEST(test_TXT_LIMITS_email_none)
{
    txt t = rep("a", 100000);
    lcc_text_metrics m = measure(LCC_CHANNEL_EMAIL, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_CHARS);
    ck_assert_uint_eq(m.units, 100000);
    ck_assert_uint_eq(m.limit, 0);
    ck_assert_int_eq(m.remaining, INT64_MAX);
    ck_assert_int_eq(m.over_limit, 0);
    ck_assert_uint_eq(m.segments, 1);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_LIMITS_chars_are_code_points)
{
    /* a family is 7 code points (11 UTF-16 units, 1 grapheme cluster) */
    ck_assert_uint_eq(measure(LCC_CHANNEL_WHATSAPP, "👨‍👩‍👧‍👦").units, 7);
    ck_assert_uint_eq(measure(LCC_CHANNEL_FACEBOOK, "a😀b").units, 3);
    lcc_text_metrics m = measure_n(LCC_CHANNEL_WEB, NULL, 0);
    ck_assert_uint_eq(m.units, 0);
    ck_assert_uint_eq(m.segments, 0);
    ck_assert_int_eq(m.remaining, 4000);
}
END_TEST

START_TEST(test_TXT_LIMITS_sms_765)
{
    txt t = rep("a", 765);
    lcc_text_metrics m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_uint_eq(m.limit, 765);
    ck_assert_int_eq(m.remaining, 0);
    ck_assert_int_eq(m.over_limit, 0);
    ck_assert_uint_eq(m.segments, 5);
    ck_assert_uint_eq(m.segment_remaining, 0);
    txt_add(&t, "a", 1);
    m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.remaining, -1);
    ck_assert_int_eq(m.over_limit, 1);
    ck_assert_uint_eq(m.segments, 6);
    txt_free(&t);
    /* extension characters count 2 towards the 765 */
    t = rep("€", 383);
    m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_uint_eq(m.units, 766);
    ck_assert_int_eq(m.over_limit, 1);
    txt_free(&t);
    /* UCS-2: UTF-16 units */
    t = rep("ж", 700);
    txt_add(&t, "😀", 1);
    m = measure(LCC_CHANNEL_SMS, t.s);
    ck_assert_int_eq(m.encoding, LCC_TEXT_UCS2);
    ck_assert_uint_eq(m.units, 702);
    ck_assert_int_eq(m.remaining, 63);
    ck_assert_uint_eq(m.segments, 11);
    txt_free(&t);
}
END_TEST

START_TEST(test_TXT_LIMITS_unknown_channel)
{
    lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
    ck_assert_int_eq(lcc_text_measure(&m, (lcc_channel)9, "hi", 2), LCC_EINVAL);
    ck_assert_int_eq(lcc_text_measure(&m, (lcc_channel)-1, "hi", 2), LCC_EINVAL);
    ck_assert_uint_eq(m.units, 0);
}
END_TEST

/* ---- invalid UTF-8 and misuse ------------------------------------------- */

static const struct {
    const char *what;
    const char *bytes;
} invalid_utf8[] = {
    {"overlong NUL", "\xc0\x80"},
    {"overlong slash", "\xc1\xaf"},
    {"overlong 3-byte", "\xe0\x80\xaf"},
    {"overlong 4-byte", "\xf0\x80\x80\xaf"},
    {"overlong U+FFFF", "\xf0\x8f\xbf\xbf"},
    {"surrogate D800", "\xed\xa0\x80"},
    {"surrogate DFFF", "\xed\xbf\xbf"},
    {"surrogate pair in CESU-8", "\xed\xa0\xbd\xed\xb8\x80"},
    {"above U+10FFFF", "\xf4\x90\x80\x80"},
    {"F5 lead", "\xf5\x80\x80\x80"},
    {"FF byte", "\xff"},
    {"FE byte", "\xfe"},
    {"truncated 2-byte", "\xc3"},
    {"truncated 3-byte", "\xe2\x82"},
    {"truncated 4-byte", "\xf0\x9f\x98"},
    {"stray continuation", "\x80"},
    {"stray continuation BF", "\xbf"},
    {"bad continuation", "\xe2\x28\xa1"},
    {"ASCII after a lead", "\xc3("},
};

START_TEST(test_TXT_invalid_utf8_is_einval)
{
    static const lcc_channel channels[] = {
        LCC_CHANNEL_SMS, LCC_CHANNEL_WHATSAPP, LCC_CHANNEL_EMAIL, LCC_CHANNEL_OPEN,
        LCC_CHANNEL_WEB, LCC_CHANNEL_FACEBOOK, LCC_CHANNEL_INSTAGRAM, LCC_CHANNEL_X,
        LCC_CHANNEL_SOCIAL_PUBLIC};
    for (size_t i = 0; i < sizeof invalid_utf8 / sizeof *invalid_utf8; i++) {
        /* alone, after a long valid text (past the 8-byte fast paths), and
         * before one */
        for (int where = 0; where < 3; where++) {
            txt t = {0};
            if (where == 1)
                txt_add(&t, "Hello, world! 😀 ", 20);
            txt_add(&t, invalid_utf8[i].bytes, 1);
            if (where == 2)
                txt_add(&t, " and more text after it", 5);
            for (size_t c = 0; c < sizeof channels / sizeof *channels; c++) {
                lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
                m.units = 4242;
                ck_assert_msg(lcc_text_measure(&m, channels[c], t.s, t.len) == LCC_EINVAL,
                              "%s on channel %d", invalid_utf8[i].what, (int)channels[c]);
                ck_assert_uint_eq(m.units, 4242); /* not written */
            }
            size_t off[4] = {9, 9, 9, 9}, count = 9;
            ck_assert_int_eq(lcc_text_sms_segments(off, 4, &count, t.s, t.len), LCC_EINVAL);
            ck_assert_uint_eq(count, 9);
            ck_assert_uint_eq(off[0], 9);
            txt_free(&t);
        }
    }
}
END_TEST

START_TEST(test_TXT_valid_edges_are_counted)
{
    /* the first and last code points of each length, and noncharacters */
    ck_assert_uint_eq(measure_n(LCC_CHANNEL_EMAIL, "\x00\x7f", 2).units, 2);
    ck_assert_uint_eq(measure(LCC_CHANNEL_EMAIL, "\xc2\x80\xdf\xbf").units, 2);
    ck_assert_uint_eq(measure(LCC_CHANNEL_EMAIL, "\xe0\xa0\x80\xef\xbf\xbf").units, 2);
    ck_assert_uint_eq(measure(LCC_CHANNEL_EMAIL, "\xed\x9f\xbf\xee\x80\x80").units, 2);
    ck_assert_uint_eq(measure(LCC_CHANNEL_EMAIL, "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf").units, 2);
    ck_assert_uint_eq(measure(LCC_CHANNEL_SMS, "\xef\xbf\xbe").units, 1);
}
END_TEST

START_TEST(test_TXT_misuse)
{
    lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
    ck_assert_int_eq(lcc_text_measure(NULL, LCC_CHANNEL_SMS, "hi", 2), LCC_EMISUSE);
    ck_assert_int_eq(lcc_text_measure(&m, LCC_CHANNEL_SMS, NULL, 2), LCC_EMISUSE);
    m.size = 0;
    ck_assert_int_eq(lcc_text_measure(&m, LCC_CHANNEL_SMS, "hi", 2), LCC_EMISUSE);
    m.size = sizeof m - 8;
    ck_assert_int_eq(lcc_text_measure(&m, LCC_CHANNEL_SMS, "hi", 2), LCC_EMISUSE);
    m.size = sizeof m + 8;
    ck_assert_int_eq(lcc_text_measure(&m, LCC_CHANNEL_SMS, "hi", 2), LCC_EMISUSE);
    ck_assert_uint_eq(m.units, 0);
    /* the size the caller set is kept */
    lcc_text_metrics ok = LCC_TEXT_METRICS_INIT;
    ck_assert_int_eq(lcc_text_measure(&ok, LCC_CHANNEL_SMS, "hi", 2), LCC_OK);
    ck_assert_uint_eq(ok.size, sizeof ok);
    ck_assert_uint_eq(ok.units, 2);
    /* only `len` bytes are read: no terminator needed */
    ck_assert_uint_eq(measure_n(LCC_CHANNEL_X, "abc€€€", 3).units, 3);
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("api-text");
    TCase *sms = tcase_create("sms");
    tcase_add_test(sms, test_TXT_SMS_empty);
    tcase_add_test(sms, test_TXT_SMS_gsm7_default_alphabet);
    tcase_add_test(sms, test_TXT_SMS_gsm7_extension_counts_two);
    tcase_add_test(sms, test_TXT_SMS_not_gsm7_is_ucs2);
    tcase_add_test(sms, test_TXT_SMS_gsm7_160);
    tcase_add_test(sms, test_TXT_SMS_gsm7_161);
    tcase_add_test(sms, test_TXT_SMS_gsm7_153k_boundaries);
    tcase_add_test(sms, test_TXT_SMS_escape_not_split);
    tcase_add_test(sms, test_TXT_SMS_ucs2_70);
    tcase_add_test(sms, test_TXT_SMS_ucs2_71);
    tcase_add_test(sms, test_TXT_SMS_ucs2_67k_boundaries);
    tcase_add_test(sms, test_TXT_SMS_surrogate_not_split);
    tcase_add_test(sms, test_TXT_SMS_cluster_not_split);
    tcase_add_test(sms, test_TXT_SMS_cluster_longer_than_segment);
    tcase_add_test(sms, test_TXT_SMS_segments_range);
    tcase_add_test(sms, test_TXT_SMS_segments_misuse);
    tcase_add_test(sms, test_TXT_SMS_segments_fill_greedily);
    suite_add_tcase(s, sms);

    TCase *w = tcase_create("weighted");
    tcase_add_test(w, test_TXT_WEIGHTED_ascii_280);
    tcase_add_test(w, test_TXT_WEIGHTED_cjk_140);
    tcase_add_test(w, test_TXT_WEIGHTED_ranges);
    tcase_add_test(w, test_TXT_WEIGHTED_conformance);
    tcase_add_test(w, test_TXT_WEIGHTED_conformance_long);
    tcase_add_test(w, test_TXT_WEIGHTED_url);
    tcase_add_test(w, test_TXT_WEIGHTED_url_label_63);
    tcase_add_test(w, test_TXT_WEIGHTED_emoji_zwj);
    tcase_add_test(w, test_TXT_WEIGHTED_emoji_flags_keycaps_modifiers);
    tcase_add_test(w, test_TXT_WEIGHTED_nfc);
    suite_add_tcase(s, w);

    TCase *l = tcase_create("limits");
    tcase_add_test(l, test_TXT_LIMITS_whatsapp_4000);
    tcase_add_test(l, test_TXT_LIMITS_web_and_open_4000);
    tcase_add_test(l, test_TXT_LIMITS_facebook_2000);
    tcase_add_test(l, test_TXT_LIMITS_instagram_1000);
    tcase_add_test(l, test_TXT_LIMITS_social_public_2000);
    tcase_add_test(l, test_TXT_LIMITS_x_280_weighted);
    tcase_add_test(l, test_TXT_LIMITS_email_none);
    tcase_add_test(l, test_TXT_LIMITS_chars_are_code_points);
    tcase_add_test(l, test_TXT_LIMITS_sms_765);
    tcase_add_test(l, test_TXT_LIMITS_unknown_channel);
    suite_add_tcase(s, l);

    TCase *bad = tcase_create("input");
    tcase_add_test(bad, test_TXT_invalid_utf8_is_einval);
    tcase_add_test(bad, test_TXT_valid_edges_are_counted);
    tcase_add_test(bad, test_TXT_misuse);
    suite_add_tcase(s, bad);
    return s;
}

int main(void)
{
    return run_suite(text_suite());
}
