/* Unit tests of the streaming JSON writer (lib/core/jsonw.c). */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/jsonw.h"
#include "counting-alloc.h"

static counting cnt;
static lcc_allocator alloc;
static lcc__jw w;

static void setup(void)
{
    memset(&cnt, 0, sizeof cnt);
    alloc = counting_allocator(&cnt);
    lcc__jw_init(&w, &alloc);
}

static void teardown(void)
{
    lcc__jw_discard(&w);
    ck_assert_int_eq(cnt.live, 0);
}

/* ---- helpers ---- */

/* Finishes w and checks the text exactly; the text must also parse with
 * cJSON (every document a test makes goes through here or expect_fail). */
static void expect_text(const char *want, size_t want_len)
{
    char *got = (char *)"untouched";
    size_t len = 12345;
    lcc_status st = lcc__jw_finish(&got, &len, &w);
    ck_assert_msg(st == LCC_OK, "status %d for %s", (int)st, want);
    ck_assert_uint_eq(len, want_len);
    ck_assert_int_eq(got[len], '\0');
    ck_assert_msg(memcmp(got, want, len) == 0, "got  %.300s\nwant %.300s", got, want);
    /* exactly one value, then the NUL */
    cJSON *doc = cJSON_ParseWithLengthOpts(got, len + 1, NULL, 1);
    ck_assert_msg(doc != NULL, "cJSON cannot parse %.300s", got);
    cJSON_Delete(doc);
    lcc__free(&alloc, got);
}

#define EXPECT(want) expect_text(want, sizeof want - 1)

/* Finishes w, expecting the failure st (sticky, or found at the finish):
 * nothing handed out, nothing kept. */
static void expect_fail(lcc_status st)
{
    char *got = (char *)"untouched";
    size_t len = 12345;
    ck_assert_int_eq(lcc__jw_finish(&got, &len, &w), st);
    ck_assert_str_eq(got, "untouched");
    ck_assert_uint_eq(len, 12345);
    ck_assert_int_eq(cnt.live, 0);
    /* empty again: usable from the start */
    ck_assert_int_eq(lcc__jw_status(&w), LCC_OK);
    lcc__jw_null(&w);
    EXPECT("null");
}

/* ---- scalars and nesting ---- */

START_TEST(test_scalars)
{
    lcc__jw_null(&w);
    EXPECT("null");
    lcc__jw_bool(&w, 1);
    EXPECT("true");
    lcc__jw_bool(&w, 0);
    EXPECT("false");
    lcc__jw_bool(&w, -7);
    EXPECT("true");
    lcc__jw_int(&w, 0);
    EXPECT("0");
    lcc__jw_str(&w, "");
    EXPECT("\"\"");
    lcc__jw_str(&w, NULL);
    EXPECT("null");
    lcc__jw_strn(&w, "abcdef", 3);
    EXPECT("\"abc\"");
    lcc__jw_strn(&w, NULL, 3);
    EXPECT("null");
    lcc__jw_strn(&w, "", 0);
    EXPECT("\"\"");
}
END_TEST

START_TEST(test_nesting_and_commas)
{
    lcc__jw_obj_begin(&w);
    lcc__jw_obj_end(&w);
    EXPECT("{}");
    lcc__jw_arr_begin(&w);
    lcc__jw_arr_end(&w);
    EXPECT("[]");

    lcc__jw_arr_begin(&w);
    lcc__jw_int(&w, 1);
    lcc__jw_str(&w, "two");
    lcc__jw_null(&w);
    lcc__jw_arr_begin(&w);
    lcc__jw_arr_end(&w);
    lcc__jw_obj_begin(&w);
    lcc__jw_obj_end(&w);
    lcc__jw_arr_begin(&w);
    lcc__jw_arr_begin(&w);
    lcc__jw_bool(&w, 0);
    lcc__jw_arr_end(&w);
    lcc__jw_bool(&w, 1);
    lcc__jw_arr_end(&w);
    lcc__jw_arr_end(&w);
    EXPECT("[1,\"two\",null,[],{},[[false],true]]");

    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "a");
    lcc__jw_int(&w, -1);
    lcc__jw_key(&w, "b");
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "c");
    lcc__jw_arr_begin(&w);
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "d");
    lcc__jw_null(&w);
    lcc__jw_obj_end(&w);
    lcc__jw_obj_begin(&w);
    lcc__jw_obj_end(&w);
    lcc__jw_arr_end(&w);
    lcc__jw_key(&w, "e");
    lcc__jw_obj_begin(&w);
    lcc__jw_obj_end(&w);
    lcc__jw_obj_end(&w);
    lcc__jw_key(&w, "");
    lcc__jw_str(&w, "empty key");
    lcc__jw_obj_end(&w);
    EXPECT("{\"a\":-1,\"b\":{\"c\":[{\"d\":null},{}],\"e\":{}},\"\":\"empty key\"}");
}
END_TEST

START_TEST(test_key_str)
{
    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "skipped", NULL);
    lcc__jw_key_str(&w, "a", "x");
    lcc__jw_key_str(&w, "skipped", NULL);
    lcc__jw_key_str(&w, "b", "");
    lcc__jw_obj_end(&w);
    EXPECT("{\"a\":\"x\",\"b\":\"\"}");

    lcc__jw_obj_begin(&w);
    lcc__jw_key_str(&w, "none", NULL);
    lcc__jw_obj_end(&w);
    EXPECT("{}");
}
END_TEST

START_TEST(test_depth_limit)
{
    for (int i = 0; i < LCC__JW_MAX_DEPTH; i++)
        lcc__jw_arr_begin(&w);
    ck_assert_int_eq(lcc__jw_status(&w), LCC_OK);
    for (int i = 0; i < LCC__JW_MAX_DEPTH; i++)
        lcc__jw_arr_end(&w);
    char want[2 * LCC__JW_MAX_DEPTH + 1];
    memset(want, '[', LCC__JW_MAX_DEPTH);
    memset(want + LCC__JW_MAX_DEPTH, ']', LCC__JW_MAX_DEPTH);
    expect_text(want, 2 * LCC__JW_MAX_DEPTH);

    /* alternating containers all the way down keep their kinds */
    for (int i = 0; i < LCC__JW_MAX_DEPTH; i++) {
        if (i % 2) {
            lcc__jw_key(&w, "k");
            lcc__jw_arr_begin(&w);
        } else {
            lcc__jw_obj_begin(&w);
        }
    }
    for (int i = LCC__JW_MAX_DEPTH - 1; i >= 0; i--) {
        if (i % 2)
            lcc__jw_arr_end(&w);
        else
            lcc__jw_obj_end(&w);
        if (i % 2 == 0 && i > 0)
            lcc__jw_int(&w, i); /* a second member of each array */
    }
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(lcc__jw_finish(&text, &len, &w), LCC_OK);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    cJSON_Delete(doc);
    ck_assert_int_eq(strncmp(text, "{\"k\":[{\"k\":[", 12), 0);
    lcc__free(&alloc, text);

    for (int i = 0; i <= LCC__JW_MAX_DEPTH; i++)
        lcc__jw_arr_begin(&w);
    expect_fail(LCC_EMISUSE);
}
END_TEST

/* ---- misuse ---- */

START_TEST(test_misuse)
{
    /* a value in an object without its key (sticky: found at once) */
    lcc__jw_obj_begin(&w);
    lcc__jw_int(&w, 1);
    ck_assert_int_eq(lcc__jw_status(&w), LCC_EMISUSE);
    expect_fail(LCC_EMISUSE);
    lcc__jw_obj_begin(&w);
    lcc__jw_obj_begin(&w);
    expect_fail(LCC_EMISUSE);
    /* a key outside an object */
    lcc__jw_key(&w, "a");
    expect_fail(LCC_EMISUSE);
    lcc__jw_arr_begin(&w);
    lcc__jw_key(&w, "a");
    expect_fail(LCC_EMISUSE);
    /* two keys in a row, a NULL key */
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "a");
    lcc__jw_key(&w, "b");
    expect_fail(LCC_EMISUSE);
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, NULL);
    expect_fail(LCC_EMISUSE);
    /* ends that do not match */
    lcc__jw_obj_end(&w);
    expect_fail(LCC_EMISUSE);
    lcc__jw_arr_end(&w);
    expect_fail(LCC_EMISUSE);
    lcc__jw_obj_begin(&w);
    lcc__jw_arr_end(&w);
    expect_fail(LCC_EMISUSE);
    lcc__jw_arr_begin(&w);
    lcc__jw_obj_end(&w);
    expect_fail(LCC_EMISUSE);
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "a");
    lcc__jw_obj_end(&w); /* the key has no value */
    expect_fail(LCC_EMISUSE);
    lcc__jw_arr_begin(&w);
    lcc__jw_arr_end(&w);
    lcc__jw_arr_end(&w);
    expect_fail(LCC_EMISUSE);
    /* a second top-level value */
    lcc__jw_int(&w, 1);
    lcc__jw_int(&w, 2);
    expect_fail(LCC_EMISUSE);
    lcc__jw_obj_begin(&w);
    lcc__jw_obj_end(&w);
    lcc__jw_arr_begin(&w);
    expect_fail(LCC_EMISUSE);
    /* finishing early: nothing, an open container, a pending key (found
     * only at the finish) */
    expect_fail(LCC_EMISUSE);
    lcc__jw_arr_begin(&w);
    ck_assert_int_eq(lcc__jw_status(&w), LCC_OK);
    expect_fail(LCC_EMISUSE);
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "a");
    expect_fail(LCC_EMISUSE);
    /* NULL outputs */
    lcc__jw_null(&w);
    size_t len = 0;
    char *text = NULL;
    ck_assert_int_eq(lcc__jw_finish(NULL, &len, &w), LCC_EMISUSE);
    lcc__jw_null(&w);
    ck_assert_int_eq(lcc__jw_finish(&text, NULL, &w), LCC_EMISUSE);
    ck_assert_ptr_null(text);
    ck_assert_int_eq(cnt.live, 0);
}
END_TEST

START_TEST(test_sticky)
{
    /* the first failure stays; later calls write nothing */
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "a");
    lcc__jw_str(&w, "\xC3"); /* truncated UTF-8 */
    ck_assert_int_eq(lcc__jw_status(&w), LCC_EINVAL);
    size_t len = w.len;
    lcc__jw_obj_end(&w);
    lcc__jw_obj_end(&w); /* would be misuse */
    lcc__jw_str(&w, "more");
    lcc__jw_key_str(&w, "k", "v");
    lcc__jw_int(&w, 5);
    lcc__jw_arr_begin(&w);
    ck_assert_uint_eq(w.len, len);
    expect_fail(LCC_EINVAL);

    lcc__jw_arr_end(&w); /* misuse first, then invalid UTF-8 */
    lcc__jw_str(&w, "\xFF");
    expect_fail(LCC_EMISUSE);

    /* discard: nothing kept, usable again, harmless twice */
    lcc__jw_arr_begin(&w);
    lcc__jw_str(&w, "x");
    ck_assert_int_eq(cnt.live, 1);
    lcc__jw_discard(&w);
    lcc__jw_discard(&w);
    ck_assert_int_eq(cnt.live, 0);
    lcc__jw_str(&w, "y");
    EXPECT("\"y\"");
}
END_TEST

/* ---- strings ---- */

START_TEST(test_escapes)
{
    lcc__jw_str(&w, "quote \" backslash \\ slash / del \x7f");
    EXPECT("\"quote \\\" backslash \\\\ slash / del \x7f\"");
    lcc__jw_str(&w, "\b\f\n\r\t");
    EXPECT("\"\\b\\f\\n\\r\\t\"");

    /* every control character, U+0000 included (through strn) */
    char in[32];
    for (int i = 0; i < 32; i++)
        in[i] = (char)i;
    lcc__jw_strn(&w, in, sizeof in);
    EXPECT("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
           "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
           "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");

    /* UTF-8 passes through untouched: 2, 3 and 4 bytes, the largest code point */
    lcc__jw_str(&w, "Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF");
    EXPECT("\"Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF\"");

    /* keys are escaped the same way */
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "a\"b\n\x01\xC3\xA9");
    lcc__jw_int(&w, 1);
    lcc__jw_obj_end(&w);
    EXPECT("{\"a\\\"b\\n\\u0001\xC3\xA9\":1}");

    /* escapes at both ends and back to back */
    lcc__jw_str(&w, "\"\"x\\\\");
    EXPECT("\"\\\"\\\"x\\\\\\\\\"");
}
END_TEST

START_TEST(test_invalid_utf8)
{
    static const char *const bad[] = {
        "\x80",             /* lone continuation */
        "a\xC3",            /* truncated */
        "\xC0\xAF",         /* overlong '/' */
        "\xC1\xBF",         /* overlong */
        "\xE0\x80\xAF",     /* overlong */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80",
        "\xFE",
        "ok\xE2\x82",       /* truncated at the end */
        "\n\xC3\xA9\x80",   /* valid, then not, after an escape */
        "\xC3\xA9\"\xFF",   /* not, after an escape that follows a valid one */
        "a\"b\\c\xE2\x82",  /* truncated after escapes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lcc__jw_str(&w, bad[i]);
        expect_fail(LCC_EINVAL);
        lcc__jw_obj_begin(&w);
        lcc__jw_key(&w, bad[i]);
        expect_fail(LCC_EINVAL);
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "k", bad[i]);
        expect_fail(LCC_EINVAL);
    }
    /* strn checks only its n bytes */
    lcc__jw_strn(&w, "ab\xFF", 2);
    EXPECT("\"ab\"");
    lcc__jw_strn(&w, "\xC3\xA9", 1);
    expect_fail(LCC_EINVAL);
}
END_TEST

/* Long strings grow the buffer several times, escapes included (each byte
 * of the worst case turns into six). */
START_TEST(test_long_strings)
{
    size_t n = 100000;
    char *in = malloc(n + 1), *want = malloc(6 * n + 3);
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(want);
    for (size_t i = 0; i < n; i++)
        in[i] = (char)('a' + i % 26);
    in[n] = '\0';
    want[0] = '"';
    memcpy(want + 1, in, n);
    want[n + 1] = '"';
    lcc__jw_str(&w, in);
    expect_text(want, n + 2);

    memset(in, 0x01, n);
    want[0] = '"';
    for (size_t i = 0; i < n; i++)
        memcpy(want + 1 + 6 * i, "\\u0001", 6);
    want[6 * n + 1] = '"';
    lcc__jw_str(&w, in);
    expect_text(want, 6 * n + 2);

    /* mixed runs and escapes, inside an array after other members */
    for (size_t i = 0; i < n; i++)
        in[i] = i % 7 == 3 ? '"' : i % 11 == 5 ? '\n' : 'x';
    lcc__jw_arr_begin(&w);
    lcc__jw_int(&w, 1);
    lcc__jw_str(&w, in);
    lcc__jw_arr_end(&w);
    char *text = NULL;
    size_t len = 0;
    ck_assert_int_eq(lcc__jw_finish(&text, &len, &w), LCC_OK);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(cJSON_GetArrayItem(doc, 1)->valuestring, in);
    cJSON_Delete(doc);
    lcc__free(&alloc, text);
    free(in);
    free(want);
}
END_TEST

/* ---- integers ---- */

START_TEST(test_int64)
{
    static const struct {
        int64_t v;
        const char *text;
    } cases[] = {
        {0, "0"},
        {1, "1"},
        {-1, "-1"},
        {9, "9"},
        {10, "10"},
        {-10, "-10"},
        {100, "100"},
        {999999999, "999999999"},
        {1000000000, "1000000000"},
        {INT32_MAX, "2147483647"},
        {INT32_MIN, "-2147483648"},
        {(int64_t)1 << 53, "9007199254740992"},
        {1795255200000LL, "1795255200000"},
        {INT64_MAX, "9223372036854775807"},
        {INT64_MIN, "-9223372036854775808"},
        {INT64_MIN + 1, "-9223372036854775807"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lcc__jw_int(&w, cases[i].v);
        expect_text(cases[i].text, strlen(cases[i].text));
    }
    lcc__jw_arr_begin(&w);
    lcc__jw_int(&w, INT64_MIN);
    lcc__jw_int(&w, INT64_MAX);
    lcc__jw_arr_end(&w);
    EXPECT("[-9223372036854775808,9223372036854775807]");
}
END_TEST

/* ---- allocation failures ---- */

/* A document of a few KiB: several growths of the buffer. */
static void write_document(void)
{
    lcc__jw_obj_begin(&w);
    lcc__jw_key(&w, "items");
    lcc__jw_arr_begin(&w);
    for (int i = 0; i < 60; i++) {
        lcc__jw_obj_begin(&w);
        lcc__jw_key_str(&w, "conversationId", "00000000-0000-4000-8000-000000000001");
        lcc__jw_key(&w, "n");
        lcc__jw_int(&w, INT64_MIN + i);
        lcc__jw_key_str(&w, "text", "line\none \"quoted\"\t\x01");
        lcc__jw_obj_end(&w);
    }
    lcc__jw_arr_end(&w);
    lcc__jw_obj_end(&w);
}

START_TEST(test_alloc_failures)
{
    write_document();
    char *want = NULL;
    size_t want_len = 0;
    ck_assert_int_eq(lcc__jw_finish(&want, &want_len, &w), LCC_OK);
    ck_assert_uint_gt(want_len, 4 * 256);
    long failures = 0;
    for (long n = 1;; n++) {
        ck_assert_msg(n < 100, "no success");
        cnt.calls = 0;
        cnt.fail_at = n;
        write_document();
        char *text = (char *)"untouched";
        size_t len = 7;
        lcc_status st = lcc__jw_finish(&text, &len, &w);
        cnt.fail_at = 0;
        if (st == LCC_OK) {
            ck_assert_uint_eq(len, want_len);
            ck_assert_int_eq(memcmp(text, want, len), 0);
            lcc__free(&alloc, text);
            break;
        }
        failures++;
        ck_assert_int_eq(st, LCC_ENOMEM);
        ck_assert_str_eq(text, "untouched");
        ck_assert_uint_eq(len, 7);
        ck_assert_int_eq(cnt.live, 1); /* only `want` */
    }
    ck_assert_int_ge(failures, 3); /* the first allocation and at least two growths */
    lcc__free(&alloc, want);

    /* a failure in the middle of an escaped string */
    cnt.calls = 0;
    cnt.fail_at = 2;
    char big[600];
    memset(big, '\n', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    lcc__jw_str(&w, big);
    cnt.fail_at = 0;
    expect_fail(LCC_ENOMEM);
}
END_TEST

/* ---- round trip through cJSON ---- */

/* Random documents written twice, with the writer and as a cJSON tree built
 * from the same values; the writer's text must parse back to that tree. */
static unsigned rnd_state = 12345;
static int wrote_number; /* the document has a number */

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

/* A random NUL-terminated UTF-8 string of ASCII, control characters, the
 * characters JSON escapes and multi-byte sequences. */
static void random_string(char *s, size_t cap)
{
    size_t n = rnd(24), k = 0;
    for (size_t i = 0; i < n && k + 4 < cap; i++) {
        unsigned kind = rnd(8), cp;
        switch (kind) {
        case 0: s[k++] = (char)(1 + rnd(31)); break;
        case 1: s[k++] = "\"\\/"[rnd(3)]; break;
        case 2: /* 2 bytes */
            cp = 0x80 + rnd(0x780);
            s[k++] = (char)(0xC0 | cp >> 6);
            s[k++] = (char)(0x80 | (cp & 63));
            break;
        case 3: /* 3 bytes, no surrogates */
            do
                cp = 0x800 + rnd(0xF800);
            while (cp >= 0xD800 && cp <= 0xDFFF);
            s[k++] = (char)(0xE0 | cp >> 12);
            s[k++] = (char)(0x80 | (cp >> 6 & 63));
            s[k++] = (char)(0x80 | (cp & 63));
            break;
        case 4: /* 4 bytes */
            cp = 0x10000 + rnd(0x100000);
            s[k++] = (char)(0xF0 | cp >> 18);
            s[k++] = (char)(0x80 | (cp >> 12 & 63));
            s[k++] = (char)(0x80 | (cp >> 6 & 63));
            s[k++] = (char)(0x80 | (cp & 63));
            break;
        default: s[k++] = (char)(0x20 + rnd(0x5F)); break;
        }
    }
    s[k] = '\0';
}

/* Writes a random value (depth-limited) to w and returns the same as cJSON. */
static cJSON *random_value(int depth)
{
    char s[128];
    unsigned kind = depth > 5 ? rnd(5) : rnd(7);
    cJSON *v;
    switch (kind) {
    case 0:
        lcc__jw_null(&w);
        return cJSON_CreateNull();
    case 1: {
        int b = (int)rnd(2);
        lcc__jw_bool(&w, b);
        return cJSON_CreateBool(b);
    }
    case 2: { /* exact in a double: |v| <= 2^53 */
        int64_t x = ((int64_t)rnd(1u << 30) << 23 | rnd(1u << 23)) * (rnd(2) ? 1 : -1);
        lcc__jw_int(&w, x);
        wrote_number = 1;
        return cJSON_CreateNumber((double)x);
    }
    case 3:
    case 4:
        random_string(s, sizeof s);
        lcc__jw_str(&w, s);
        return cJSON_CreateString(s);
    case 5: {
        v = cJSON_CreateArray();
        lcc__jw_arr_begin(&w);
        for (unsigned i = rnd(5); i > 0; i--)
            cJSON_AddItemToArray(v, random_value(depth + 1));
        lcc__jw_arr_end(&w);
        return v;
    }
    default: {
        v = cJSON_CreateObject();
        lcc__jw_obj_begin(&w);
        for (unsigned i = rnd(5); i > 0; i--) {
            char key[32];
            snprintf(key, sizeof key, "k%u", i); /* distinct keys */
            if (rnd(3) == 0)
                random_string(key + strlen(key), sizeof key - strlen(key));
            lcc__jw_key(&w, key);
            cJSON_AddItemToObject(v, key, random_value(depth + 1));
        }
        lcc__jw_obj_end(&w);
        return v;
    }
    }
}

START_TEST(test_round_trip)
{
    for (int i = 0; i < 3000; i++) {
        wrote_number = 0;
        cJSON *want = random_value(0);
        char *text = NULL;
        size_t len = 0;
        ck_assert_int_eq(lcc__jw_finish(&text, &len, &w), LCC_OK);
        ck_assert_uint_eq(strlen(text), len);
        cJSON *got = cJSON_ParseWithLengthOpts(text, len + 1, NULL, 1);
        ck_assert_msg(got && cJSON_Compare(got, want, 1), "document %d: %.300s", i, text);
        /* the same bytes as cJSON's own printer (which keeps member order) */
        char *printed = cJSON_PrintUnformatted(want);
        if (!wrote_number) /* cJSON prints numbers through a double */
            ck_assert_str_eq(text, printed);
        cJSON_free(printed);
        cJSON_Delete(got);
        cJSON_Delete(want);
        lcc__free(&alloc, text);
    }
}
END_TEST

static Suite *jsonw_suite(void)
{
    Suite *s = suite_create("jsonw");
    TCase *t = tcase_create("writer");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_scalars);
    tcase_add_test(t, test_nesting_and_commas);
    tcase_add_test(t, test_key_str);
    tcase_add_test(t, test_depth_limit);
    tcase_add_test(t, test_misuse);
    tcase_add_test(t, test_sticky);
    tcase_add_test(t, test_escapes);
    tcase_add_test(t, test_invalid_utf8);
    tcase_add_test(t, test_long_strings);
    tcase_add_test(t, test_int64);
    tcase_add_test(t, test_alloc_failures);
    tcase_add_test(t, test_round_trip);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(jsonw_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
