/* Unit tests of the text metrics engine (lib/text): the GSM-7 table against
 * every code point, NFC one cluster at a time against utf8proc's NFC of the
 * whole text, punycode lengths (RFC 3492 samples), URL spans, the generated
 * table of top-level domains, grapheme clusters. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

START_TEST(test_TXT_SMS_gsm7_table_exact)
{
    /* 3GPP TS 23.038: 127 characters in the default alphabet (ESC aside),
     * 10 in the extension table (form feed ^ { } \ [ ~ ] | €), and no other
     * code point. */
    unsigned basic = 0, extension = 0, other = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) { /* no ck_assert in here: it is slow */
        unsigned n = lcc__gsm7_septets(cp);
        basic += n == 1;
        extension += n == 2;
        other += n > 2;
    }
    ck_assert_uint_eq(other, 0);
    ck_assert_uint_eq(basic, 127);
    ck_assert_uint_eq(extension, 10);
    ck_assert_uint_eq(lcc__gsm7_septets('`'), 0);
    ck_assert_uint_eq(lcc__gsm7_septets(0xE7), 0);  /* ç */
    ck_assert_uint_eq(lcc__gsm7_septets(0xC7), 1);  /* Ç */
    ck_assert_uint_eq(lcc__gsm7_septets(0xA4), 1);  /* ¤ */
    ck_assert_uint_eq(lcc__gsm7_septets('$'), 1);
    ck_assert_uint_eq(lcc__gsm7_septets(0x0C), 2);  /* form feed */
    ck_assert_uint_eq(lcc__gsm7_septets(0x20AC), 2);
    ck_assert_uint_eq(lcc__gsm7_septets(0x2126), 0); /* OHM SIGN, not Ω */
    ck_assert_uint_eq(lcc__gsm7_septets(0x0391), 0); /* Greek Alpha */
}
END_TEST

/* Pieces whose NFC depends on their neighbours: combining marks of several
 * classes, Hangul jamo and syllables, Indic two-part vowels, singletons,
 * composition exclusions, controls; no URL and no emoji. */
static const char *const nfc_pieces[] = {
    "a", "e", "s", "A", "o", " ", "\r", "\n", "ж", "\xd0\x98", "中", "か",
    "\xcc\x81",     /* U+0301 acute, ccc 230 */
    "\xcc\xa3",     /* U+0323 dot below, 220 */
    "\xcc\x87",     /* U+0307 dot above, 230 */
    "\xcc\xa7",     /* U+0327 cedilla, 202 */
    "\xcc\x88",     /* U+0308 diaeresis */
    "\xcc\x86",     /* U+0306 breve */
    "\xcd\x84",     /* U+0344, decomposes to two marks */
    "\xe3\x82\x99", /* U+3099 kana voiced mark */
    "\xe1\x84\x80", /* U+1100 L */
    "\xe1\x85\xa1", /* U+1161 V */
    "\xe1\x86\xa8", /* U+11A8 T */
    "\xea\xb0\x80", /* U+AC00 LV */
    "\xe0\xad\x87", /* U+0B47 */
    "\xe0\xac\xbe", /* U+0B3E */
    "\xe0\xad\x97", /* U+0B57 */
    "\xe0\xb3\x86", /* U+0CC6 */
    "\xe0\xb3\x82", /* U+0CC2 */
    "\xe0\xb3\x95", /* U+0CD5 */
    "\xe2\x84\xab", /* U+212B ANGSTROM SIGN */
    "\xe2\x84\xa6", /* U+2126 OHM SIGN */
    "\xef\xac\xac", /* U+FB2C */
    "\xe1\xbd\xb1", /* U+1F71 */
    "\xe0\xbd\xb3", /* U+0F73 */
    "\xe0\xa5\x98", /* U+0958 */
    "\xe0\xa4\x95", /* U+0915 */
    "\xe0\xa5\x8d", /* U+094D virama */
    "\xe2\x80\x8d", /* ZWJ */
    "\xe2\x80\x8c", /* ZWNJ */
    "\xd7\xa9",     /* U+05E9 */
    "\xd6\xbc",     /* U+05BC */
    "\xd7\x81",     /* U+05C1 */
};

START_TEST(test_TXT_WEIGHTED_nfc_per_cluster_equals_whole_text)
{
    uint64_t rng = 0x2545F4914F6CDD1Dull;
    char text[512];
    for (int round = 0; round < 4000; round++) {
        size_t len = 0;
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        int pieces = (int)(rng % 24);
        for (int k = 0; k < pieces; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            const char *p = nfc_pieces[rng % COUNT(nfc_pieces)];
            size_t n = strlen(p);
            memcpy(text + len, p, n);
            len += n;
        }
        text[len] = 0;
        utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)text);
        ck_assert_ptr_nonnull(nfc);
        uint64_t want = 0;
        for (size_t i = 0; nfc[i];) {
            uint32_t c;
            i += lcc__u8_dec(nfc, i, &c);
            want += lcc__cp_weight(c);
        }
        free(nfc);
        uint64_t got = 0;
        ck_assert_int_eq(lcc__weighted_length(&got, (const unsigned char *)text, len), 0);
        ck_assert_msg(got == want, "round %d: %d, NFC of the whole text %d", round, (int)got,
                      (int)want);
    }
}
END_TEST

static size_t puny(const char *utf8)
{
    uint32_t cps[64];
    size_t n = 0, len = strlen(utf8);
    for (size_t i = 0; i < len;)
        i += lcc__u8_dec((const unsigned char *)utf8, i, &cps[n++]);
    return lcc__punycode_len(cps, n);
}

START_TEST(test_TXT_WEIGHTED_punycode_length)
{
    ck_assert_uint_eq(puny("münchen"), strlen("mnchen-3ya"));
    ck_assert_uint_eq(puny("bücher"), strlen("bcher-kva"));
    ck_assert_uint_eq(puny("中国"), strlen("fiqs8s"));
    ck_assert_uint_eq(puny("рф"), strlen("p1ai"));
    /* RFC 3492 section 7.1, samples A, B and D */
    ck_assert_uint_eq(puny("ليهمابتكلموشعربي؟"), strlen("egbpdaj6bu4bxfgehfvwxn"));
    ck_assert_uint_eq(puny("他们为什么不说中文"), strlen("ihqwcrb4cv8a8dqg056pqjye"));
    ck_assert_uint_eq(puny("Pročprostěnemluvíčesky"), strlen("Proprostnemluvesky-uyb24dma41a"));
    /* the kana of twitter-text's conformance: 52 fit a label with "xn--" */
    char kana[256] = "";
    for (int i = 0; i < 5; i++)
        strcat(kana, "あいうえおかきくけこ");
    ck_assert_uint_eq(puny(kana), 57);
    strcat(kana, "あい");
    ck_assert_uint_eq(puny(kana), 59);
    strcat(kana, "う");
    ck_assert_uint_eq(puny(kana), 60);
}
END_TEST

START_TEST(test_TXT_WEIGHTED_url_spans)
{
    static const struct {
        const char *text;
        const char *url; /* the first URL, or NULL */
    } cases[] = {
        {"see https://example.com/path.", "https://example.com/path"},
        {"go to example.com, now", "example.com"},
        {"(www.example.com/a_(b)) x", "www.example.com/a_(b)"},
        {"x https://example.com?q=1&r=2! y", "https://example.com?q=1&r=2"},
        {"http://user:PASSW0RD@example.com:8080/login.php", NULL}, /* no userinfo */
        {"http://example.com:8080/login.php?", "http://example.com:8080/login.php"},
        {"foo.co.jp/x?y.", "foo.co.jp/x?y"},
        {"a.b.example.co.uk.", "a.b.example.co.uk"},
        {"https://a.com.b_c.org", "https://a.com"},
        {"HTTP://EXAMPLE.COM/", "HTTP://EXAMPLE.COM/"},
        {"http://example.com/a-b-", "http://example.com/a-b-"},
        {"http://example.com/a,b,", "http://example.com/a,b"},
        {"https://example.com/#!/x", "https://example.com/#!/x"},
        {"«example.com»", "example.com"},
        {"mail user@example.com", NULL},
        {"example.de", NULL},
        {"word.notatld or 1.5", NULL},
        {"http://", NULL},
        {"https://.com", NULL},
        {"", NULL},
        {"no dots here", NULL},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        const unsigned char *s = (const unsigned char *)cases[i].text;
        size_t start = 99, end = 99;
        int found = lcc__url_find(s, strlen(cases[i].text), 0, &start, &end);
        if (!cases[i].url) {
            ck_assert_msg(!found, "no URL in \"%s\", found \"%.*s\"", cases[i].text,
                          (int)(end - start), cases[i].text + start);
            continue;
        }
        ck_assert_msg(found, "a URL in \"%s\"", cases[i].text);
        ck_assert_msg(end - start == strlen(cases[i].url) &&
                          memcmp(s + start, cases[i].url, end - start) == 0,
                      "\"%s\": found \"%.*s\", want \"%s\"", cases[i].text, (int)(end - start),
                      cases[i].text + start, cases[i].url);
    }
    /* several, in order */
    const char *t = "a.com b.org, https://c.net/x and d.io e.info";
    const char *want[] = {"a.com", "b.org", "https://c.net/x", "e.info"};
    size_t pos = 0, start, end, n = 0;
    while (lcc__url_find((const unsigned char *)t, strlen(t), pos, &start, &end)) {
        ck_assert_uint_lt(n, COUNT(want));
        ck_assert_uint_eq(end - start, strlen(want[n]));
        ck_assert_int_eq(memcmp(t + start, want[n], end - start), 0);
        pos = end;
        n++;
    }
    ck_assert_uint_eq(n, COUNT(want));
}
END_TEST

START_TEST(test_TXT_WEIGHTED_tld_table)
{
    ck_assert_uint_gt(lcc__tld_count, 1000);
    for (size_t i = 0; i < lcc__tld_count; i++) {
        const lcc__tld *t = &lcc__tld_table[i];
        ck_assert_uint_eq(strlen(t->name), t->len);
        ck_assert_uint_le(t->len, lcc__tld_max_len);
        ck_assert_msg(lcc__tld_known(t->name, t->len), "%s finds itself", t->name);
        if (i > 0) {
            const lcc__tld *p = &lcc__tld_table[i - 1];
            int c = memcmp(p->name, t->name, p->len < t->len ? p->len : t->len);
            ck_assert_msg(c < 0 || (c == 0 && p->len < t->len), "%s before %s", p->name, t->name);
        }
    }
    static const char *const known[] = {"com", "org", "uk", "jp", "co", "tv", "io", "рф",
                                        "xn--p1ai", "中国", "xn--fiqs8s", "پاکستان"};
    for (size_t i = 0; i < COUNT(known); i++)
        ck_assert_msg(lcc__tld_known(known[i], strlen(known[i])), "%s is a TLD", known[i]);
    static const char *const unknown[] = {"", "notatld", "COM", "co.uk", "c", "comx", "xn--"};
    for (size_t i = 0; i < COUNT(unknown); i++)
        ck_assert_msg(!lcc__tld_known(unknown[i], strlen(unknown[i])), "%s is not", unknown[i]);
}
END_TEST

static size_t first_cluster(const char *s)
{
    return lcc__cluster_end((const unsigned char *)s, strlen(s), 0);
}

START_TEST(test_TXT_SMS_cluster_boundaries)
{
    ck_assert_uint_eq(first_cluster("ab"), 1);
    ck_assert_uint_eq(first_cluster("\r\nx"), 2);
    ck_assert_uint_eq(first_cluster("\n\r"), 1);
    ck_assert_uint_eq(first_cluster("e\xcc\x81x"), 3);
    ck_assert_uint_eq(first_cluster("🇺🇸🇫🇷"), 8);
    ck_assert_uint_eq(first_cluster("👨‍👩‍👧‍👦x"), strlen("👨‍👩‍👧‍👦"));
    ck_assert_uint_eq(first_cluster("1\xef\xb8\x8f\xe2\x83\xa3!"), 7);
    ck_assert_uint_eq(first_cluster("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8\xe1\x84\x80"), 9);
    ck_assert_uint_eq(first_cluster("\xe0\xa4\x95\xe0\xa5\x8d"), 6); /* क् */
    /* the end given is a hard limit */
    ck_assert_uint_eq(lcc__cluster_end((const unsigned char *)"e\xcc\x81", 1, 0), 1);
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("unit-text");
    TCase *tc = tcase_create("text");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_TXT_SMS_gsm7_table_exact);
    tcase_add_test(tc, test_TXT_SMS_cluster_boundaries);
    tcase_add_test(tc, test_TXT_WEIGHTED_nfc_per_cluster_equals_whole_text);
    tcase_add_test(tc, test_TXT_WEIGHTED_punycode_length);
    tcase_add_test(tc, test_TXT_WEIGHTED_url_spans);
    tcase_add_test(tc, test_TXT_WEIGHTED_tld_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
