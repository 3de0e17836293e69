/* Unit tests of the strict JSON validator (lib/core/json_strict.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_strict.h"

enum { NET, SMALL, DEEP, TOKENS };

/* SMALL: at most 10 bytes; DEEP: 3 levels; TOKENS: at most 3 values and keys. */
static const lcc__json_limits small_limits = {10, 0, 0};
static const lcc__json_limits deep_limits = {0, 3, 0};
static const lcc__json_limits token_limits = {0, 0, 3};

static const lcc__json_limits *limits(int which)
{
    return which == SMALL    ? &small_limits
           : which == DEEP   ? &deep_limits
           : which == TOKENS ? &token_limits
                             : NULL;
}

typedef struct tcase_row {
    const char *s;
    size_t len; /* 0: strlen(s) */
    int lim;
    lcc__json_code code;
    size_t off; /* of the problem (ignored for OK) */
} row;

#define V(s) {s, 0, NET, LCC__JSON_OK, 0}
#define X(s, code, off) {s, 0, NET, LCC__JSON_##code, off}

static const row rows[] = {
    /* valid: values, numbers, strings, escapes, white space */
    V("0"),
    V("-0"),
    V("1e5"),
    V("1E+2"),
    V("1e-0"),
    V("0.5"),
    V("-1.25e-10"),
    V("0e0"),
    V("123456789012345678901234567890123456789012345678901234567890123"), /* 63 */
    V("true"),
    V("false"),
    V("null"),
    V("\"\""),
    V("{}"),
    V("[]"),
    V(" \t\r\n{ \"a\" : [ 1 , 2 ] }\n "),
    V("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""),
    V("\"\\u00e9\\u20AC\""),
    V("\"\\ud83d\\ude00\""),
    V("\"\\uDBFF\\uDFFF\""),
    V("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\""),
    V("\"\\u0000\""),
    V("\"\x7f\""),
    V("{\"a\":1,\"a\":2}"),
    V("{\"a\":{\"b\":[null,true,{\"c\":\"d\"}]}}"),
    {"[1,[2,[3]]]", 0, DEEP, LCC__JSON_OK, 0}, /* exactly 3 deep */
    {"[[[]]]", 0, DEEP, LCC__JSON_OK, 0},
    {"[1,2,3,45]", 0, SMALL, LCC__JSON_OK, 0}, /* exactly 10 bytes */
    {"[1,2]", 0, TOKENS, LCC__JSON_OK, 0},     /* exactly 3 tokens */
    {"{\"a\":1}", 0, TOKENS, LCC__JSON_OK, 0},

    /* empty, BOM, stray text */
    X("", EMPTY, 0),
    X(" \n\t ", EMPTY, 4),
    X("\xef\xbb\xbf{}", EXPECTED, 0),
    X("[1]x", TRAILING, 3),
    X("1 2", TRAILING, 2),
    X("{}{}", TRAILING, 2),
    X("\"a\"\"b\"", TRAILING, 3),
    X("}", EXPECTED, 0),
    X("]", EXPECTED, 0),
    /* white space: only space, tab, CR, LF */
    X("\f1", EXPECTED, 0),
    X("1\v", TRAILING, 1),
    X("\xc2\xa0" "1", EXPECTED, 0),
    /* structure */
    X("{\"a\":1,}", TRAILING_COMMA, 7),
    X("[1,]", TRAILING_COMMA, 3),
    X("[1, ]", TRAILING_COMMA, 4),
    X("[,1]", EXPECTED, 1),
    X("[1,,2]", EXPECTED, 3),
    X("{,}", EXPECTED, 1),
    X("{\"a\":1,,}", EXPECTED, 7),
    X("[1 2]", EXPECTED, 3),
    X("{\"a\" 1}", EXPECTED, 5),
    X("{\"a\":}", EXPECTED, 5),
    X("{\"a\":1 \"b\":2}", EXPECTED, 7),
    X("{a:1}", EXPECTED, 1),
    X("{'a':1}", EXPECTED, 1),
    X("{1:1}", EXPECTED, 1),
    X("[", EXPECTED, 1),
    X("[1", EXPECTED, 2),
    X("{\"a\":1", EXPECTED, 6),
    X("[1}", EXPECTED, 2),
    X("tru", EXPECTED, 0),
    X("True", EXPECTED, 0),
    X("nul", EXPECTED, 0),
    /* strings */
    X("\"abc", UNTERMINATED, 0),
    X("[\"a\\", UNTERMINATED, 1),
    X("\"a\nb\"", LINE_BREAK, 2),
    X("\"a\rb\"", LINE_BREAK, 2),
    X("\"a\tb\"", CONTROL, 2),
    X("\"\x1f\"", CONTROL, 1),
    X("\"\\x41\"", BAD_ESCAPE, 1),
    X("\"\\'\"", BAD_ESCAPE, 1),
    X("\"\\u12\"", BAD_HEX, 1),
    X("\"\\u12G4\"", BAD_HEX, 1),
    X("\"\\ud800\"", LONE_HIGH, 1),
    X("\"\\ud800\\u0041\"", LONE_HIGH, 1),
    X("\"\\ud800\\ud800\"", LONE_HIGH, 1),
    X("\"x\\udc00\"", LONE_LOW, 2),
    X("\"\\ude00\\ud83d\"", LONE_LOW, 1),
    /* NUL and UTF-8 */
    {"\"a\0b\"", 5, NET, LCC__JSON_NUL, 2},
    {"[1]\0", 4, NET, LCC__JSON_NUL, 3},
    {"\0", 1, NET, LCC__JSON_NUL, 0},
    X("\"\xff\"", UTF8, 1),
    X("\"\xc0\xaf\"", UTF8, 1),
    X("\"\xed\xa0\x80\"", UTF8, 1),
    X("\"\xf4\x90\x80\x80\"", UTF8, 1),
    X("\"\xe2\x82\"", UTF8, 1),
    X("\"\x80\"", UTF8, 1),
    X("[1,2x\xff", UTF8, 5), /* before the grammar */
    /* numbers */
    X("01", LEADING_ZERO, 0),
    X("-01", LEADING_ZERO, 0),
    X("[00]", LEADING_ZERO, 1),
    X("1.", FRACTION, 0),
    X("1.e5", FRACTION, 0),
    X(".5", EXPECTED, 0),
    X("+1", EXPECTED, 0),
    X("0x1", TRAILING, 1),
    X("NaN", EXPECTED, 0),
    X("Infinity", EXPECTED, 0),
    X("-Infinity", NUMBER_DIGITS, 0),
    X("-", NUMBER_DIGITS, 0),
    X("1e", EXPONENT, 0),
    X("1e+", EXPONENT, 0),
    X("[1E-x]", EXPONENT, 1),
    X("1234567890123456789012345678901234567890123456789012345678901234", NUMBER_LONG, 0),
    /* limits */
    {"[[[[]]]]", 0, DEEP, LCC__JSON_TOO_DEEP, 3},
    {"{\"a\":{\"b\":{\"c\":{}}}}", 0, NET, LCC__JSON_OK, 0},
    {"[{\"b\":{\"c\":{}}}]", 0, DEEP, LCC__JSON_TOO_DEEP, 11},
    {"[1,2,3,456]", 0, SMALL, LCC__JSON_TOO_LARGE, 0}, /* 11 bytes */
    {"[1,2,3]", 0, TOKENS, LCC__JSON_TOO_MANY, 5},
    {"{\"a\":[]}", 0, TOKENS, LCC__JSON_OK, 0},
    {"{\"a\":[1]}", 0, TOKENS, LCC__JSON_TOO_MANY, 6},
};

START_TEST(test_table)
{
    const row *r = &rows[_i];
    size_t len = r->len ? r->len : strlen(r->s);
    /* an exact copy on the heap: reading past len is caught by the checkers */
    char *s = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, r->s, len);
    lcc__json_error e;
    memset(&e, 0x5a, sizeof e);
    lcc__json_code got = lcc__json_strict(s, len, limits(r->lim), NULL, NULL, &e);
    ck_assert_msg(got == r->code, "row %d: code %d, want %d (%s) for \"%s\"", _i, (int)got,
                  (int)r->code, got ? e.why : "ok", r->s);
    ck_assert_int_eq(e.code, got);
    if (got != LCC__JSON_OK) {
        ck_assert_msg(e.off == r->off, "row %d: offset %zu, want %zu for \"%s\"", _i, e.off,
                      r->off, r->s);
        ck_assert_ptr_nonnull(e.why);
        if (got == LCC__JSON_EXPECTED)
            ck_assert_ptr_nonnull(e.what);
    }
    /* without err, the same answer */
    ck_assert_int_eq(lcc__json_strict(s, len, limits(r->lim), NULL, NULL, NULL), r->code);
    free(s);
}
END_TEST

/* n nested arrays, then n closing brackets. */
static char *nested(size_t n)
{
    char *s = malloc(2 * n);
    ck_assert_ptr_nonnull(s);
    memset(s, '[', n);
    memset(s + n, ']', n);
    return s;
}

START_TEST(test_network_depth)
{
    lcc__json_error e;
    char *s = nested(LCC__JSON_NET_MAX_DEPTH);
    ck_assert_int_eq(lcc__json_strict(s, 2 * LCC__JSON_NET_MAX_DEPTH, NULL, NULL, NULL, &e),
                     LCC__JSON_OK);
    free(s);
    s = nested(LCC__JSON_NET_MAX_DEPTH + 1);
    ck_assert_int_eq(lcc__json_strict(s, 2 * LCC__JSON_NET_MAX_DEPTH + 2, NULL, NULL, NULL, &e),
                     LCC__JSON_TOO_DEEP);
    ck_assert_uint_eq(e.off, LCC__JSON_NET_MAX_DEPTH);
    free(s);
    /* very deep: no recursion, refused at the limit */
    s = nested(1000000);
    ck_assert_int_eq(lcc__json_strict(s, 2000000, NULL, NULL, NULL, &e), LCC__JSON_TOO_DEEP);
    free(s);
    /* the cap bounds a larger request; objects and arrays mixed across words */
    static const lcc__json_limits deep = {0, LCC__JSON_DEPTH_CAP + 5, 0};
    for (size_t n = LCC__JSON_DEPTH_CAP; n <= LCC__JSON_DEPTH_CAP + 1; n++) {
        size_t cap = 8 * n, k = 0;
        char *m = malloc(cap);
        ck_assert_ptr_nonnull(m);
        for (size_t i = 0; i < n; i++)
            k += (size_t)snprintf(m + k, cap - k, i % 3 ? "[" : "{\"k\":");
        m[k++] = '0';
        for (size_t i = n; i-- > 0;)
            m[k++] = i % 3 ? ']' : '}';
        ck_assert_int_eq(lcc__json_strict(m, k, &deep, NULL, NULL, &e),
                         n == LCC__JSON_DEPTH_CAP ? LCC__JSON_OK : LCC__JSON_TOO_DEEP);
        free(m);
    }
}
END_TEST

START_TEST(test_network_size)
{
    /* the size limit is checked before anything is read */
    static const char one[] = "1";
    lcc__json_error e;
    ck_assert_int_eq(lcc__json_strict(one, LCC__JSON_NET_MAX_BYTES + 1, NULL, NULL, NULL, &e),
                     LCC__JSON_TOO_LARGE);
    ck_assert_uint_eq(e.off, 0);
    ck_assert_int_eq(lcc__json_strict(NULL, 0, NULL, NULL, NULL, &e), LCC__JSON_EMPTY);
    ck_assert_int_eq(lcc__json_strict(NULL, 5, NULL, NULL, NULL, &e), LCC__JSON_EMPTY);
}
END_TEST

typedef struct seen {
    size_t off[16];
    unsigned flags[16];
    size_t n;
    size_t stop_at; /* stop (return 7) at this call; 0: never */
} seen;

static int on_token(void *ud, size_t off, unsigned flags)
{
    seen *w = ud;
    ck_assert_uint_lt(w->n, 16);
    w->off[w->n] = off;
    w->flags[w->n] = flags;
    if (++w->n == w->stop_at)
        return 7;
    return 0;
}

START_TEST(test_tokens)
{
    const char *s = "{\"a\\u0000\": [1, \"x\\u0000y\", {}], \"b\": null}";
    seen w;
    memset(&w, 0, sizeof w);
    ck_assert_int_eq(lcc__json_strict(s, strlen(s), NULL, on_token, &w, NULL), LCC__JSON_OK);
    static const size_t want[] = {0, 1, 12, 13, 16, 28, 33, 38};
    static const unsigned nul[] = {0, 1, 0, 0, 1, 0, 0, 0};
    ck_assert_uint_eq(w.n, 8);
    for (size_t i = 0; i < 8; i++) {
        ck_assert_uint_eq(w.off[i], want[i]);
        ck_assert_uint_eq(w.flags[i], nul[i] ? LCC__JSON_TOK_NUL : 0);
    }
    /* stopping */
    memset(&w, 0, sizeof w);
    w.stop_at = 3;
    lcc__json_error e;
    ck_assert_int_eq(lcc__json_strict(s, strlen(s), NULL, on_token, &w, &e), LCC__JSON_STOPPED);
    ck_assert_uint_eq(e.off, 12);
    ck_assert_uint_eq(e.value, 7);
    ck_assert_uint_eq(w.n, 3);
    /* nothing is reported for a text refused before the grammar */
    memset(&w, 0, sizeof w);
    ck_assert_int_eq(lcc__json_strict("[1,\"\xff\"]", 7, NULL, on_token, &w, NULL),
                     LCC__JSON_UTF8);
    ck_assert_uint_eq(w.n, 0);
}
END_TEST

static Suite *json_strict_suite(void)
{
    Suite *s = suite_create("json-strict");
    TCase *t = tcase_create("core");
    tcase_add_loop_test(t, test_table, 0, (int)(sizeof rows / sizeof rows[0]));
    tcase_add_test(t, test_network_depth);
    tcase_add_test(t, test_network_size);
    tcase_add_test(t, test_tokens);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(json_strict_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
