/* Unit tests of the IVR document readers (lib/ivr/read_yaml.c,
 * lib/ivr/read_json.c): the tree, positions, and every refusal. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/report.h"
#include "ivr/doc.h"
#include "counting-alloc.h"

enum { YAML = 0, JSON = 1 };

static counting cnt;
static lcc_allocator alloc;
static lcc_report *rep;
static ivr_diag diag;
static ivr_doc doc;

static void fresh(void)
{
    rep = lcc__report_new(&alloc);
    ck_assert_ptr_nonnull(rep);
    diag = (ivr_diag){rep, 0, 0};
    memset(&doc, 0, sizeof doc);
}

static void setup(void)
{
    memset(&cnt, 0, sizeof cnt);
    alloc = counting_allocator(&cnt);
    fresh();
}

/* Frees the doc and report of the last read. */
static void clear(void)
{
    lcc__ivr_doc_free(&doc);
    lcc_report_free(rep);
    rep = NULL;
}

static void teardown(void)
{
    clear();
    ck_assert_int_eq(cnt.live, 0);
}

/* ---- helpers ---- */

/* Reads len bytes of t in a buffer of exactly that size (no NUL after it,
 * freed after the read: nothing may point into it), into doc and rep. */
static lcc_status read_n(int lang, const char *t, size_t len)
{
    char *buf = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(buf);
    memcpy(buf, t, len);
    lcc_status st = lang == JSON ? lcc__ivr_read_json(&doc, &diag, &alloc, buf, len)
                                 : lcc__ivr_read_yaml(&doc, &diag, &alloc, buf, len);
    free(buf);
    return st;
}

/* Rereads (a fresh report and doc). */
static lcc_status reread_n(int lang, const char *t, size_t len)
{
    clear();
    fresh();
    return read_n(lang, t, len);
}

#define READ(lang, t) read_n((lang), (t), strlen(t))
#define REREAD(lang, t) reread_n((lang), (t), strlen(t))

/* Every entry, for failure messages. */
static const char *entries(void)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < lcc_report_count(rep) && o < sizeof buf - 200; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "\n  [%zu] %u:%u %s", i,
                              lcc_report_line(rep, i), lcc_report_column(rep, i),
                              lcc_report_message(rep, i));
    return buf;
}

#define COUNT(n)                                                                               \
    ck_assert_msg(lcc_report_count(rep) == (n), "%zu entries, not %d:%s",                     \
                  lcc_report_count(rep), (int)(n), entries())

/* Entry i is an IVR-SYNTAX error at line:col whose sentence contains sub. */
#define ENTRY(i, line, col, sub) check_entry((i), (line), (col), (sub), __LINE__)
static void check_entry(size_t i, unsigned line, unsigned col, const char *sub, int ln)
{
    ck_assert_msg(i < lcc_report_count(rep), "line %d: no entry %zu:%s", ln, i, entries());
    ck_assert_str_eq(lcc_report_rule(rep, i), "IVR-SYNTAX");
    ck_assert_str_eq(lcc_report_field(rep, i), "script");
    ck_assert_int_eq(lcc_report_code(rep, i), LCC_EFORMAT);
    ck_assert_int_eq(lcc_report_severity(rep, i), LCC_SEVERITY_ERROR);
    ck_assert_msg(lcc_report_line(rep, i) == line && lcc_report_column(rep, i) == col,
                  "line %d: entry %zu at %u:%u, not %u:%u:%s", ln, i, lcc_report_line(rep, i),
                  lcc_report_column(rep, i), line, col, entries());
    ck_assert_msg(strstr(lcc_report_message(rep, i), sub), "line %d: entry %zu lacks \"%s\":%s",
                  ln, i, sub, entries());
}

/* The value of key in map m, or NULL. */
static const ivr_node *get(const ivr_node *m, const char *key)
{
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(m->type, IVR_MAP);
    for (uint32_t i = 0; i < m->n; i++) {
        ck_assert_int_eq(m->kids[2 * i].type, IVR_SCALAR);
        if (strcmp(m->kids[2 * i].text, key) == 0)
            return &m->kids[2 * i + 1];
    }
    return NULL;
}

/* The key node of key in m. */
static const ivr_node *key_of(const ivr_node *m, const char *key)
{
    const ivr_node *v = get(m, key);
    ck_assert_msg(v != NULL, "no key %s", key);
    return v - 1;
}

#define AT(nd, ln, cl) check_at((nd), (ln), (cl), __LINE__)
static void check_at(const ivr_node *nd, unsigned line, unsigned col, int ln)
{
    ck_assert_msg(nd != NULL, "line %d: no node", ln);
    ck_assert_msg(nd->line == line && nd->col == col, "line %d: node at %u:%u, not %u:%u", ln,
                  (unsigned)nd->line, (unsigned)nd->col, line, col);
}

#define SCALAR(nd, t, pl, ln, cl) check_scalar((nd), (t), (pl), (ln), (cl), __LINE__)
static void check_scalar(const ivr_node *nd, const char *text, int plain, unsigned line,
                         unsigned col, int ln)
{
    check_at(nd, line, col, ln);
    ck_assert_msg(nd->type == IVR_SCALAR, "line %d: type %d", ln, nd->type);
    ck_assert_msg(strcmp(nd->text, text) == 0 && nd->len == strlen(text),
                  "line %d: text \"%s\" (%zu), not \"%s\"", ln, nd->text, nd->len, text);
    ck_assert_msg(nd->plain == plain, "line %d: plain %d", ln, nd->plain);
}

/* ---- the tree ---- */

START_TEST(test_yaml_tree_and_positions)
{
    const char *t = "a: 1\n"
                    "é: \"x\"\n"
                    "ñö: [1.50, true, 'q']\n"
                    "m:\n"
                    "  - k: v\n"
                    "    z: ~\n"
                    "e: []\n"
                    "f: {}\n";
    ck_assert_int_eq(READ(YAML, t), LCC_OK);
    COUNT(0);
    const ivr_node *r = doc.root;
    AT(r, 1, 1);
    ck_assert_int_eq(r->type, IVR_MAP);
    ck_assert_uint_eq(r->n, 6);
    SCALAR(&r->kids[0], "a", 1, 1, 1);
    SCALAR(get(r, "a"), "1", 1, 1, 4);
    SCALAR(key_of(r, "é"), "é", 1, 2, 1);
    SCALAR(get(r, "é"), "x", 0, 2, 5); /* bytes: é is 2 */
    SCALAR(key_of(r, "ñö"), "ñö", 1, 3, 1);
    const ivr_node *l = get(r, "ñö");
    AT(l, 3, 7);
    ck_assert_int_eq(l->type, IVR_LIST);
    ck_assert_uint_eq(l->n, 3);
    SCALAR(&l->kids[0], "1.50", 1, 3, 8);
    SCALAR(&l->kids[1], "true", 1, 3, 14);
    SCALAR(&l->kids[2], "q", 0, 3, 20);
    const ivr_node *m = get(r, "m");
    AT(m, 5, 3);
    ck_assert_int_eq(m->type, IVR_LIST);
    ck_assert_uint_eq(m->n, 1);
    AT(&m->kids[0], 5, 5);
    SCALAR(key_of(&m->kids[0], "k"), "k", 1, 5, 5);
    SCALAR(get(&m->kids[0], "k"), "v", 1, 5, 8);
    SCALAR(get(&m->kids[0], "z"), "~", 1, 6, 8);
    ck_assert_int_eq(get(r, "e")->type, IVR_LIST);
    ck_assert_uint_eq(get(r, "e")->n, 0);
    ck_assert_int_eq(get(r, "f")->type, IVR_MAP);
    ck_assert_uint_eq(get(r, "f")->n, 0);
    AT(get(r, "f"), 8, 4);
}
END_TEST

START_TEST(test_json_tree_and_positions)
{
    const char *t = "{\"a\": 1,\n"
                    " \"é\": \"x\",\n"
                    " \"ñö\": [1.50, true, \"q\", null, -0.5e+3],\n"
                    " \"m\": [{\"k\": \"v\", \"z\": false}],\n"
                    " \"e\": [], \"f\": {}}";
    ck_assert_int_eq(READ(JSON, t), LCC_OK);
    COUNT(0);
    const ivr_node *r = doc.root;
    AT(r, 1, 1);
    ck_assert_int_eq(r->type, IVR_MAP);
    ck_assert_uint_eq(r->n, 6);
    SCALAR(key_of(r, "a"), "a", 0, 1, 2);
    SCALAR(get(r, "a"), "1", 1, 1, 7);
    SCALAR(key_of(r, "é"), "é", 0, 2, 2);
    SCALAR(get(r, "é"), "x", 0, 2, 8);
    const ivr_node *l = get(r, "ñö");
    AT(l, 3, 10);
    ck_assert_uint_eq(l->n, 5);
    SCALAR(&l->kids[0], "1.50", 1, 3, 11);
    SCALAR(&l->kids[1], "true", 1, 3, 17);
    SCALAR(&l->kids[2], "q", 0, 3, 23);
    SCALAR(&l->kids[3], "null", 1, 3, 28);
    SCALAR(&l->kids[4], "-0.5e+3", 1, 3, 34);
    const ivr_node *m = get(r, "m");
    AT(m, 4, 7);
    AT(&m->kids[0], 4, 8);
    SCALAR(key_of(&m->kids[0], "k"), "k", 0, 4, 9);
    SCALAR(get(&m->kids[0], "k"), "v", 0, 4, 14);
    SCALAR(get(&m->kids[0], "z"), "false", 1, 4, 24);
    ck_assert_int_eq(get(r, "e")->type, IVR_LIST);
    ck_assert_uint_eq(get(r, "e")->n, 0);
    ck_assert_int_eq(get(r, "f")->type, IVR_MAP);
    AT(get(r, "f"), 5, 16);
}
END_TEST

START_TEST(test_plain_and_quoted)
{
    ck_assert_int_eq(READ(YAML, "a: yes\nb: \"yes\"\nc: 'x'\nd: |\n  lit\ne: >\n  fold\n"
                                "f: 007\ng:\n"),
                     LCC_OK);
    COUNT(0);
    SCALAR(get(doc.root, "a"), "yes", 1, 1, 4);
    SCALAR(get(doc.root, "b"), "yes", 0, 2, 4);
    SCALAR(get(doc.root, "c"), "x", 0, 3, 4);
    SCALAR(get(doc.root, "d"), "lit\n", 0, 4, 4);
    SCALAR(get(doc.root, "e"), "fold\n", 0, 6, 4);
    SCALAR(get(doc.root, "f"), "007", 1, 8, 4);
    ck_assert_str_eq(get(doc.root, "g")->text, ""); /* nothing: an empty plain value */
    ck_assert_int_eq(get(doc.root, "g")->plain, 1);

    ck_assert_int_eq(REREAD(JSON, "[\"1\", 1, 1.0, 1e2, -0, true, false, null, "
                                  "\"a\\u00e9\\n\\\"\\/\"]"),
                     LCC_OK);
    COUNT(0);
    const ivr_node *l = doc.root;
    ck_assert_uint_eq(l->n, 9);
    SCALAR(&l->kids[0], "1", 0, 1, 2);
    SCALAR(&l->kids[1], "1", 1, 1, 7);
    SCALAR(&l->kids[2], "1.0", 1, 1, 10);
    SCALAR(&l->kids[3], "1e2", 1, 1, 15);
    SCALAR(&l->kids[4], "-0", 1, 1, 20);
    SCALAR(&l->kids[5], "true", 1, 1, 24);
    SCALAR(&l->kids[6], "false", 1, 1, 30);
    SCALAR(&l->kids[7], "null", 1, 1, 37);
    SCALAR(&l->kids[8], "aé\n\"/", 0, 1, 43);
}
END_TEST

START_TEST(test_scalar_roots)
{
    ck_assert_int_eq(READ(YAML, "hello"), LCC_OK);
    COUNT(0);
    SCALAR(doc.root, "hello", 1, 1, 1);
    ck_assert_int_eq(REREAD(JSON, "  42 "), LCC_OK);
    COUNT(0);
    SCALAR(doc.root, "42", 1, 1, 3);
    ck_assert_int_eq(REREAD(JSON, "\"s\""), LCC_OK);
    SCALAR(doc.root, "s", 0, 1, 1);
}
END_TEST

/* Positions past many multi-byte characters (libyaml counts characters;
 * its marks are converted through checkpoints). */
START_TEST(test_long_multibyte_lines)
{
    char t[4096];
    size_t o = 0;
    t[o++] = '[';
    for (int i = 0; i < 300; i++)
        o += (size_t)sprintf(t + o, "\"é\", ");
    o += (size_t)sprintf(t + o, "\"x\"]\n");
    t[o] = '\0';
    for (int lang = YAML; lang <= JSON; lang++) {
        ck_assert_int_eq(REREAD(lang, t), LCC_OK);
        COUNT(0);
        ck_assert_uint_eq(doc.root->n, 301);
        SCALAR(&doc.root->kids[299], "é", 0, 1, 2 + 299 * 6);
        SCALAR(&doc.root->kids[300], "x", 0, 1, 2 + 300 * 6);
    }
    /* many lines of them, then a map */
    o = 0;
    for (int i = 0; i < 200; i++)
        o += (size_t)sprintf(t + o, "# ééééé\n");
    o += (size_t)sprintf(t + o, "ü: ö\n");
    t[o] = '\0';
    ck_assert_int_eq(REREAD(YAML, t), LCC_OK);
    COUNT(0);
    SCALAR(get(doc.root, "ü"), "ö", 1, 201, 5);
}
END_TEST

START_TEST(test_line_breaks)
{
    ck_assert_int_eq(READ(YAML, "a: 1\r\nb: é\r\nc: 3\rd: 4"), LCC_OK);
    COUNT(0);
    SCALAR(get(doc.root, "b"), "é", 1, 2, 4);
    SCALAR(key_of(doc.root, "c"), "c", 1, 3, 1);
    SCALAR(get(doc.root, "d"), "4", 1, 4, 4);
    ck_assert_int_eq(REREAD(JSON, "{\r\n\"a\":\r1,\n \"b\": 2}"), LCC_OK);
    COUNT(0);
    SCALAR(key_of(doc.root, "a"), "a", 0, 2, 1);
    SCALAR(get(doc.root, "a"), "1", 1, 3, 1);
    SCALAR(key_of(doc.root, "b"), "b", 0, 4, 2);
    /* U+2028 breaks a line for libyaml, not for us */
    ck_assert_int_eq(REREAD(YAML, "a: \"x\xe2\x80\xa8y\"\nb: 2\n"), LCC_OK);
    SCALAR(get(doc.root, "b"), "2", 1, 2, 4);
}
END_TEST

/* ---- empty documents, BOM, no NUL ---- */

START_TEST(test_empty)
{
    static const char *const yaml[] = {"", "   \n\n", "# only a comment\n  # another\n",
                                       "---\n", "---\n...\n"};
    for (size_t i = 0; i < sizeof yaml / sizeof *yaml; i++) {
        ck_assert_int_eq(REREAD(YAML, yaml[i]), LCC_OK);
        COUNT(0);
        ck_assert_ptr_null(doc.root);
    }
    static const char *const json[] = {"", " \n\t\r\n"};
    for (size_t i = 0; i < sizeof json / sizeof *json; i++) {
        ck_assert_int_eq(REREAD(JSON, json[i]), LCC_OK);
        COUNT(0);
        ck_assert_ptr_null(doc.root);
    }
    /* NULL text with no length */
    clear();
    fresh();
    ck_assert_int_eq(lcc__ivr_read_yaml(&doc, &diag, &alloc, NULL, 0), LCC_OK);
    ck_assert_ptr_null(doc.root);
    lcc__ivr_doc_free(&doc);
    ck_assert_int_eq(lcc__ivr_read_json(&doc, &diag, &alloc, NULL, 0), LCC_OK);
    ck_assert_ptr_null(doc.root);
    COUNT(0);
}
END_TEST

START_TEST(test_bom)
{
    /* The BOM is skipped and not counted in line 1's columns. */
    ck_assert_int_eq(READ(YAML, "\xEF\xBB\xBF" "a: 1\nb: 2\n"), LCC_OK);
    COUNT(0);
    SCALAR(key_of(doc.root, "a"), "a", 1, 1, 1);
    SCALAR(get(doc.root, "a"), "1", 1, 1, 4);
    SCALAR(get(doc.root, "b"), "2", 1, 2, 4);
    ck_assert_int_eq(REREAD(JSON, "\xEF\xBB\xBF" "{\"a\": 1}"), LCC_OK);
    COUNT(0);
    AT(doc.root, 1, 1);
    SCALAR(get(doc.root, "a"), "1", 1, 1, 7);
    /* positions of problems too */
    ck_assert_int_eq(REREAD(YAML, "\xEF\xBB\xBF" "a: *x\n"), LCC_OK);
    ENTRY(0, 1, 4, "aliases are not accepted");
    ck_assert_int_eq(REREAD(JSON, "\xEF\xBB\xBF" "[1,]"), LCC_OK);
    ENTRY(0, 1, 4, "comma");
    /* a BOM alone is empty */
    ck_assert_int_eq(REREAD(YAML, "\xEF\xBB\xBF"), LCC_OK);
    COUNT(0);
    ck_assert_ptr_null(doc.root);
    ck_assert_int_eq(REREAD(JSON, "\xEF\xBB\xBF"), LCC_OK);
    COUNT(0);
    ck_assert_ptr_null(doc.root);
}
END_TEST

START_TEST(test_not_nul_terminated)
{
    /* The byte after the document is garbage that must not be read. */
    const char y[] = "a: 12";
    ck_assert_int_eq(read_n(YAML, y, 4), LCC_OK);
    COUNT(0);
    SCALAR(get(doc.root, "a"), "1", 1, 1, 4);
    const char j[] = "{\"a\": 1}9";
    ck_assert_int_eq(reread_n(JSON, j, 8), LCC_OK);
    COUNT(0);
    SCALAR(get(doc.root, "a"), "1", 1, 1, 7);
    const char j2[] = "[12";
    ck_assert_int_eq(reread_n(JSON, j2 + 1, 1), LCC_OK);
    COUNT(0);
    SCALAR(doc.root, "1", 1, 1, 1);
    ck_assert_int_eq(reread_n(JSON, "\"ab\"", 3), LCC_OK);
    ENTRY(0, 1, 1, "no closing quote");
    ck_assert_int_eq(reread_n(JSON, "truex", 3), LCC_OK);
    ENTRY(0, 1, 1, "a value");
}
END_TEST

/* ---- refusals: the text ---- */

START_TEST(test_invalid_utf8)
{
    static const struct {
        const char *t;
        unsigned line, col;
    } cases[] = {
        {"a: 1\nb: x\xC3(\n", 2, 5},          /* a lead byte without its continuation */
        {"a: \xC0\xAF\n", 1, 4},              /* overlong */
        {"é: \xED\xA0\x80\n", 1, 5},          /* a surrogate */
        {"a: \xF4\x90\x80\x80\n", 1, 4},      /* above U+10FFFF */
        {"a: ok\n\xFF", 2, 1},                /* not UTF-8 at all */
        {"a: \xE2\x82", 1, 4},                /* cut at the end */
        {"a: \x80", 1, 4},                    /* a lone continuation byte */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int lang = YAML; lang <= JSON; lang++) {
            char t[64];
            if (lang == JSON) /* the same bytes in a JSON string */
                snprintf(t, sizeof t, "[\"%s\"]", cases[i].t);
            else
                snprintf(t, sizeof t, "%s", cases[i].t);
            ck_assert_int_eq(REREAD(lang, t), LCC_OK);
            COUNT(1);
            ENTRY(0, cases[i].line, cases[i].col + (lang == JSON && cases[i].line == 1 ? 2 : 0),
                  "UTF-8");
            ck_assert_ptr_null(doc.root);
        }
}
END_TEST

START_TEST(test_nul_byte)
{
    const char y[] = "a: 1\nb: x\0y\n";
    ck_assert_int_eq(read_n(YAML, y, sizeof y - 1), LCC_OK);
    COUNT(1);
    ENTRY(0, 2, 5, "NUL byte");
    ck_assert_ptr_null(doc.root);
    const char j[] = "{\"a\":\n \"\0\"}";
    ck_assert_int_eq(reread_n(JSON, j, sizeof j - 1), LCC_OK);
    COUNT(1);
    ENTRY(0, 2, 3, "NUL byte");
    ck_assert_ptr_null(doc.root);
}
END_TEST

START_TEST(test_yaml_tab_indentation)
{
    ck_assert_int_eq(READ(YAML, "a:\n  b: 1\n \tc: 2\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 3, 2, "tab");
    ck_assert_ptr_null(doc.root);
    ck_assert_int_eq(REREAD(YAML, "a:\n\t- x\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 2, 1, "tab");
    /* a blank line of white space, and tabs after the indentation, are fine */
    ck_assert_int_eq(REREAD(YAML, "a: 1\n \t\nb:\t2\n"), LCC_OK);
    COUNT(0);
    SCALAR(get(doc.root, "b"), "2", 1, 3, 4);
    /* JSON does not care */
    ck_assert_int_eq(REREAD(JSON, "{\n\t\"a\": 1}"), LCC_OK);
    COUNT(0);
    SCALAR(key_of(doc.root, "a"), "a", 0, 2, 2);
}
END_TEST

START_TEST(test_control_characters)
{
    ck_assert_int_eq(READ(YAML, "a: 1\nb: x\x01\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 2, 5, "control characters are not allowed (U+0001");
    ck_assert_ptr_null(doc.root);
    ck_assert_int_eq(REREAD(JSON, "[1,\x01 2]"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 4, "control character (U+0001)");
    ck_assert_int_eq(REREAD(JSON, "[\"a\tb\"]"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 4, "escape");
    ck_assert_int_eq(REREAD(JSON, "[\"ab\n\"]"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 5, "line break");
    ck_assert_ptr_null(doc.root);
}
END_TEST

/* ---- refusals: YAML features ---- */

START_TEST(test_yaml_anchor_alias_tag)
{
    ck_assert_int_eq(READ(YAML, "a: &x 1\nb: *x\nc: !!str 2\nd: &m\n  k: !custom v\n"),
                     LCC_OK);
    COUNT(5);
    ENTRY(0, 1, 4, "anchors are not accepted (&x)");
    ENTRY(1, 2, 4, "aliases are not accepted (*x): write the value out");
    ENTRY(2, 3, 4, "tags are not accepted");
    ENTRY(3, 4, 4, "anchors are not accepted (&m)");
    ENTRY(4, 5, 6, "tags are not accepted");
    /* kept: the anchored and tagged values; the alias is an empty plain value */
    SCALAR(get(doc.root, "a"), "1", 1, 1, 4);
    SCALAR(get(doc.root, "b"), "", 1, 2, 4);
    SCALAR(get(doc.root, "c"), "2", 1, 3, 4);
    SCALAR(get(get(doc.root, "d"), "k"), "v", 1, 5, 6);
    /* an alias as a key */
    ck_assert_int_eq(REREAD(YAML, "a: &k x\n*k : 1\n"), LCC_OK);
    COUNT(2);
    ENTRY(1, 2, 1, "aliases are not accepted");
    SCALAR(key_of(doc.root, ""), "", 1, 2, 1);
}
END_TEST

START_TEST(test_yaml_second_document)
{
    ck_assert_int_eq(READ(YAML, "a: 1\n---\nb: 2\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 2, 1, "single YAML document");
    ck_assert_uint_eq(doc.root->n, 1);
    SCALAR(get(doc.root, "a"), "1", 1, 1, 4);
    ck_assert_int_eq(REREAD(YAML, "---\na: 1\n...\n---\n[x\n"), LCC_OK);
    COUNT(1); /* not read: the syntax error in the second */
    ENTRY(0, 4, 1, "single YAML document");
    ck_assert_uint_eq(doc.root->n, 1);
    /* "..." alone ends the one document */
    ck_assert_int_eq(REREAD(YAML, "a: 1\n...\n"), LCC_OK);
    COUNT(0);
    ck_assert_uint_eq(doc.root->n, 1);
}
END_TEST

START_TEST(test_yaml_nul_escape)
{
    ck_assert_int_eq(READ(YAML, "a: \"x\\0y\"\nb: 'ok'\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 4, "NUL character");
    SCALAR(get(doc.root, "a"), "x", 0, 1, 4);
    SCALAR(get(doc.root, "b"), "ok", 0, 2, 4);
}
END_TEST

START_TEST(test_yaml_star_and_hash_keys)
{
    /* unquoted * and # as keys: an alias without a name, a comment */
    ck_assert_int_eq(READ(YAML, "choice:\n  1: a\n  *: b\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 3, 3, "quote it (\"*\")");
    ck_assert_ptr_null(doc.root);
    ck_assert_int_eq(REREAD(YAML, "a: *\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 4, "quote it");
    ck_assert_int_eq(REREAD(YAML, "a: & \n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 4, "'&' starts an anchor");

    ck_assert_int_eq(REREAD(YAML, "choice:\n  1: a\n  #: b\n  2: c\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 3, 3, "'#' starts a comment in YAML, so this line is ignored: for the key #, "
                   "quote it (\"#\":)");
    ck_assert_uint_eq(get(doc.root, "choice")->n, 2);
    /* in a list item, and when it leads to another error (reported first) */
    ck_assert_int_eq(REREAD(YAML, "c:\n  - #:\n      do: x\n  - 1: y\n"), LCC_OK);
    ck_assert_uint_ge(lcc_report_count(rep), 1);
    ENTRY(0, 2, 5, "'#' starts a comment");
    ck_assert_int_eq(REREAD(YAML, "#: at the start\na: 1\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 1, "'#' starts a comment");
    /* not in a block scalar, a quoted scalar, or a comment going on */
    ck_assert_int_eq(REREAD(YAML, "t: |\n  #: x\nu: \"a\n  #: b\"\n# x #: y\n#:x\n"), LCC_OK);
    COUNT(0);
    SCALAR(get(doc.root, "t"), "#: x\n", 0, 1, 4);
    SCALAR(get(doc.root, "u"), "a #: b", 0, 3, 4);

    /* many of them: one pass (the report keeps LCC_IVR_MAX_ENTRIES, counts the rest) */
    size_t n = 20000;
    char *many = malloc(3 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(many + 3 * i, "#:\n", 3);
    many[3 * n] = '\0';
    ck_assert_int_eq(REREAD(YAML, many), LCC_OK);
    free(many);
    COUNT(LCC_IVR_MAX_ENTRIES);
    ENTRY(LCC_IVR_MAX_ENTRIES - 1, LCC_IVR_MAX_ENTRIES, 1, "'#' starts a comment");
    ck_assert_uint_eq(diag.dropped, n - LCC_IVR_MAX_ENTRIES);
    ck_assert_ptr_null(doc.root);

    /* quoted, both work */
    ck_assert_int_eq(REREAD(YAML, "choice:\n  \"#\": a\n  '*': b\n  1: c\n"), LCC_OK);
    COUNT(0);
    const ivr_node *c = get(doc.root, "choice");
    SCALAR(key_of(c, "#"), "#", 0, 2, 3);
    SCALAR(get(c, "#"), "a", 1, 2, 8);
    SCALAR(key_of(c, "*"), "*", 0, 3, 3);
    SCALAR(key_of(c, "1"), "1", 1, 4, 3);
}
END_TEST

START_TEST(test_yaml_complex_keys)
{
    ck_assert_int_eq(READ(YAML, "[a]: 1\nb: 2\n? {x: y}\n: 3\n"), LCC_OK);
    COUNT(2);
    ENTRY(0, 1, 1, "a key must be a single value (a word or a number), not a list");
    ENTRY(1, 3, 3, "not a map");
    ck_assert_uint_eq(doc.root->n, 1);
    SCALAR(get(doc.root, "b"), "2", 1, 2, 4);
}
END_TEST

/* ---- refusals: both ---- */

START_TEST(test_duplicate_keys)
{
    ck_assert_int_eq(READ(YAML, "a: 1\nb: 2\na:\n  x: [1]\nc: 3\n\"b\": 4\n"), LCC_OK);
    COUNT(2);
    ENTRY(0, 3, 1, "the key \"a\" is already in this map (line 1): remove or rename this one");
    ENTRY(1, 6, 1, "the key \"b\" is already in this map (line 2)");
    ck_assert_uint_eq(doc.root->n, 3);
    SCALAR(get(doc.root, "a"), "1", 1, 1, 4);
    SCALAR(get(doc.root, "b"), "2", 1, 2, 4);
    SCALAR(get(doc.root, "c"), "3", 1, 5, 4);

    ck_assert_int_eq(REREAD(JSON, "{\"a\": 1, \"b\": 2, \"a\": 3}"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 18, "the key \"a\" is already in this map (line 1)");
    ck_assert_uint_eq(doc.root->n, 2);
    SCALAR(get(doc.root, "a"), "1", 1, 1, 7);

    /* compared once decoded; a dropped value keeps the positions in step */
    ck_assert_int_eq(REREAD(JSON, "{\"a\": [1],\n \"\\u0061\": {\"x\": [2, {\"a\": 1, "
                                  "\"a\": 2}]},\n \"c\": 4}"),
                     LCC_OK);
    COUNT(2); /* a map's repeats are found when it closes: the inner one first */
    ENTRY(0, 2, 31, "the key \"a\" is already in this map (line 2)");
    ENTRY(1, 2, 2, "the key \"a\" is already");
    ck_assert_uint_eq(doc.root->n, 2);
    SCALAR(get(doc.root, "c"), "4", 1, 3, 7);
    ck_assert_int_eq(get(doc.root, "a")->type, IVR_LIST);

    /* the same key in different maps is fine */
    ck_assert_int_eq(REREAD(YAML, "a: {k: 1}\nb: {k: 2}\n"), LCC_OK);
    COUNT(0);
}
END_TEST

/* Maps large enough for the key sets to grow. */
START_TEST(test_duplicate_keys_many)
{
    size_t cap = 64 * 1024;
    for (int lang = YAML; lang <= JSON; lang++) {
        char *t = malloc(cap);
        size_t o = 0, first = 0;
        if (lang == JSON)
            t[o++] = '{';
        for (int i = 0; i < 1000; i++) {
            if (i == 777)
                first = o;
            o += (size_t)snprintf(t + o, cap - o, lang == JSON ? "\"k%d\": %d, " : "k%d: %d\n",
                                  i, i);
        }
        size_t dup = o;
        o += (size_t)snprintf(t + o, cap - o, lang == JSON ? "\"k777\": 0}" : "k777: 0\n");
        ck_assert_int_eq(REREAD(lang, t), LCC_OK);
        free(t);
        COUNT(1);
        ck_assert_uint_eq(doc.root->n, 1000);
        if (lang == JSON) {
            ENTRY(0, 1, (unsigned)dup + 1, "the key \"k777\" is already in this map (line 1)");
            SCALAR(get(doc.root, "k777"), "777", 1, 1, (unsigned)first + 9);
        } else {
            ENTRY(0, 1001, 1, "the key \"k777\" is already in this map (line 778)");
            SCALAR(get(doc.root, "k777"), "777", 1, 778, 7);
        }
    }
}
END_TEST

static void nested(char *t, size_t depth, int closed)
{
    size_t o = 0;
    for (size_t i = 0; i < depth; i++)
        t[o++] = '[';
    if (closed)
        for (size_t i = 0; i < depth; i++)
            t[o++] = ']';
    t[o] = '\0';
}

START_TEST(test_depth)
{
    char t[8192];
    for (int lang = YAML; lang <= JSON; lang++) {
        nested(t, LCC_IVR_MAX_DEPTH, 1);
        ck_assert_int_eq(REREAD(lang, t), LCC_OK);
        COUNT(0);
        const ivr_node *n = doc.root;
        for (int i = 1; i < LCC_IVR_MAX_DEPTH; i++) {
            ck_assert_uint_eq(n->n, 1);
            n = &n->kids[0];
        }
        AT(n, 1, LCC_IVR_MAX_DEPTH);
        ck_assert_uint_eq(n->n, 0);

        static const size_t deep[] = {LCC_IVR_MAX_DEPTH + 1, 1000};
        for (size_t k = 0; k < 2; k++)
            for (int closed = 0; closed <= 1; closed++) {
                nested(t, deep[k], closed);
                ck_assert_int_eq(REREAD(lang, t), LCC_OK);
                COUNT(1);
                ENTRY(0, 1, LCC_IVR_MAX_DEPTH + 1, "nested more than 32 deep");
                ck_assert_ptr_null(doc.root);
            }
    }
    /* YAML block nesting: maps in maps */
    size_t o = 0;
    for (int i = 0; i < 40; i++) {
        for (int j = 0; j < i; j++)
            t[o++] = ' ';
        o += (size_t)sprintf(t + o, "k%d:\n", i);
    }
    t[o] = '\0';
    ck_assert_int_eq(REREAD(YAML, t), LCC_OK);
    COUNT(1);
    ENTRY(0, 33, 33, "nested more than 32 deep");
    /* JSON maps in maps */
    o = 0;
    for (int i = 0; i < 1000; i++)
        o += (size_t)sprintf(t + o, "{\"\":");
    t[o] = '\0';
    ck_assert_int_eq(REREAD(JSON, t), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 1 + 32 * 4, "nested more than 32 deep");
}
END_TEST

START_TEST(test_too_many_nodes)
{
    size_t cap = 8 * 100001 + 16;
    char *t = malloc(cap);
    for (int lang = YAML; lang <= JSON; lang++)
        for (int extra = 0; extra <= 1; extra++) {
            /* a list and its items: LCC_IVR_MAX_NODES in all, or one more */
            size_t items = LCC_IVR_MAX_NODES - 1 + (size_t)extra, o = 0;
            if (lang == JSON)
                t[o++] = '[';
            for (size_t i = 0; i < items; i++) {
                if (lang == JSON)
                    o += (size_t)sprintf(t + o, i ? ",0" : "0");
                else
                    o += (size_t)sprintf(t + o, "- 0\n");
            }
            if (lang == JSON)
                t[o++] = ']';
            t[o] = '\0';
            ck_assert_int_eq(REREAD(lang, t), LCC_OK);
            if (!extra) {
                COUNT(0);
                ck_assert_uint_eq(doc.root->n, items);
            } else {
                COUNT(1);
                if (lang == JSON)
                    ENTRY(0, 1, (unsigned)(2 * items), "more than 100000 values");
                else
                    ENTRY(0, (unsigned)items, 3, "more than 100000 values");
                ck_assert_ptr_null(doc.root);
            }
        }
    /* keys count */
    size_t o = 0;
    t[o++] = '{';
    for (int i = 0; i < LCC_IVR_MAX_NODES / 2; i++)
        o += (size_t)sprintf(t + o, "%s\"%d\":0", i ? "," : "", i);
    t[o++] = '}';
    t[o] = '\0';
    ck_assert_int_eq(REREAD(JSON, t), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, (unsigned)(o - 1), "more than 100000 values");
    free(t);
}
END_TEST

/* ---- syntax errors ---- */

START_TEST(test_yaml_syntax_errors)
{
    ck_assert_int_eq(READ(YAML, "a: b: c\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 5, "YAML: mapping values are not allowed in this context");
    ck_assert_ptr_null(doc.root);
    ck_assert_int_eq(REREAD(YAML, "é: [1, 2\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 2, 1, "YAML: did not find expected ',' or ']' (while parsing a flow sequence at "
                   "line 1, column 5)");
    ck_assert_int_eq(REREAD(YAML, "a: \"abc\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 2, 1, "found unexpected end of stream");
    ck_assert_int_eq(REREAD(YAML, "a:\n  - 1\n b: 2\n"), LCC_OK);
    COUNT(1);
    ck_assert_ptr_null(doc.root);
    ck_assert_int_eq(REREAD(YAML, "a: @x\n"), LCC_OK);
    COUNT(1);
    ENTRY(0, 1, 4, "cannot start any token");
    ck_assert_int_eq(REREAD(YAML, "a: \"\\uD800\"\n"), LCC_OK);
    COUNT(1);
}
END_TEST

START_TEST(test_json_syntax_errors)
{
    static const struct {
        const char *t, *sub;
        unsigned line, col;
    } cases[] = {
        {"{\"a\": 1,}", "a comma before '}' is not allowed", 1, 9},
        {"[1, 2,\n]", "a comma before ']' is not allowed", 2, 1},
        {"{\"a\" 1}", "':' after the key was expected here", 1, 6},
        {"[1 2]", "',' or ']' was expected here", 1, 4},
        {"{\"a\": 1 \"b\": 2}", "',' or '}' was expected here", 1, 9},
        {"{'a': 1}", "double quotes", 1, 2},
        {"{a: 1}", "a key in double quotes, or '}' was expected", 1, 2},
        {"{\"a\": 1, b: 2}", "a key in double quotes was expected", 1, 10},
        {"[01]", "does not start with 0", 1, 2},
        {"[-]", "needs digits", 1, 2},
        {"[1.]", "after its '.'", 1, 2},
        {"[1e+]", "exponent", 1, 2},
        {"[.5]", "a value (text in double quotes", 1, 2},
        {"[+1]", "a value", 1, 2},
        {"[tru]", "a value", 1, 2},
        {"[True]", "a value", 1, 2},
        {"[nul", "a value", 1, 2},
        {"\"abc", "no closing quote", 1, 1},
        {"[1] [2]", "the document is one value", 1, 5},
        {"{} x", "the document is one value", 1, 4},
        {"[\"\\x\"]", "does not start an escape", 1, 3},
        {"[\"\\u12\"]", "four hex digits", 1, 3},
        {"[\"a\\ud83d\"]", "first half of a surrogate pair", 1, 4},
        {"[\"\\ud83d\\u0041\"]", "first half", 1, 3},
        {"[\"\\udc00\"]", "second half", 1, 3},
        {"[NaN]", "a value", 1, 2},
        {"[1,\n", "the text ends where a value", 2, 1},
        {"{\"a\":", "the text ends where a value", 1, 6},
        {"{\"a\"", "the text ends where ':' after the key", 1, 5},
        {"{", "the text ends where a key", 1, 2},
        {"[1", "the text ends where ',' or ']'", 1, 3},
        {"]", "a value", 1, 1},
        {":", "a value", 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_int_eq(REREAD(JSON, cases[i].t), LCC_OK);
        ck_assert_msg(lcc_report_count(rep) == 1, "%s:%s", cases[i].t, entries());
        ENTRY(0, cases[i].line, cases[i].col, cases[i].sub);
        ck_assert_ptr_null(doc.root);
    }
    char big[128];
    memset(big, '1', 64);
    big[0] = '[';
    big[64] = ']';
    big[65] = '\0';
    ck_assert_int_eq(REREAD(JSON, big), LCC_OK); /* 63 digits: fine */
    COUNT(0);
    ck_assert_uint_eq(doc.root->kids[0].len, 63);
    big[64] = '1';
    big[65] = ']';
    big[66] = '\0';
    ck_assert_int_eq(REREAD(JSON, big), LCC_OK);
    ENTRY(0, 1, 2, "too long");
}
END_TEST

START_TEST(test_json_strings)
{
    ck_assert_int_eq(READ(JSON, "[\"\\ud83d\\ude00\", \"\\u00e9\\t\"]"), LCC_OK);
    COUNT(0);
    SCALAR(&doc.root->kids[0], "\xF0\x9F\x98\x80", 0, 1, 2);
    SCALAR(&doc.root->kids[1], "é\t", 0, 1, 18);
    /* \u0000 is refused (cJSON would cut the text there); reading goes on */
    ck_assert_int_eq(REREAD(JSON, "{\"a\": \"x\\u0000y\",\n \"k\\u0000\": 1, \"a\": 2}"),
                     LCC_OK);
    COUNT(3);
    ENTRY(0, 1, 7, "\\u0000");
    ENTRY(1, 2, 2, "\\u0000");
    ENTRY(2, 2, 16, "already in this map");
    SCALAR(get(doc.root, "a"), "x", 0, 1, 7);
}
END_TEST

/* ---- truncations and memory ---- */

static const char yaml_doc[] =
    "online:\n"
    "  - play: https://example.com/welcome.mp3\n"
    "  - choice:\n"
    "      1: {name: \"Süpport\", play: 'https://example.com/1.mp3', do: [ring]}\n"
    "      \"#\":\n"
    "        name: Callback\n"
    "        do:\n"
    "          - callback\n"
    "      1: dup\n"
    "offline:\n"
    "  - voicemail # a comment\n"
    "queue: &q []\n"
    "text: |\n"
    "  #: not a comment\n";

static const char json_doc[] =
    "{\"online\": [{\"play\": \"https://example.com/welcome.mp3\"},\n"
    "  {\"choice\": {\"1\": {\"name\": \"S\\u00fcpport\", \"do\": [\"ring\"]},\n"
    "              \"#\": {\"name\": \"Callback\", \"do\": [\"callback\"], \"n\": -1.5e3},\n"
    "              \"1\": null}}],\n"
    " \"offline\": [\"voicemail\", true, false],\n"
    " \"queue\": [], \"x\": \"\\u0000\"}\n";

START_TEST(test_truncated)
{
    for (int lang = YAML; lang <= JSON; lang++) {
        const char *t = lang == JSON ? json_doc : yaml_doc;
        size_t len = strlen(t);
        ck_assert_int_eq(reread_n(lang, t, len), LCC_OK);
        ck_assert_ptr_nonnull(doc.root);
        ck_assert_uint_eq(lcc_report_count(rep), lang == JSON ? 2 : 2);
        for (size_t n = 0; n < len; n++) {
            ck_assert_int_eq(reread_n(lang, t, n), LCC_OK);
            for (size_t i = 0; i < lcc_report_count(rep); i++) {
                ck_assert_uint_ge(lcc_report_line(rep, i), 1);
                ck_assert_uint_ge(lcc_report_column(rep, i), 1);
            }
        }
        /* cut inside the multi-byte character: invalid UTF-8 */
        const char *u = strstr(t, lang == JSON ? "\\u00fc" : "ü");
        if (lang == YAML) {
            ck_assert_int_eq(reread_n(lang, t, (size_t)(u - t) + 1), LCC_OK);
            ENTRY(0, 4, 19, "UTF-8");
        }
    }
}
END_TEST

START_TEST(test_out_of_memory)
{
    for (int lang = YAML; lang <= JSON; lang++) {
        const char *t = lang == JSON ? json_doc : yaml_doc;
        int done = 0;
        for (long fail = 1; !done && fail < 10000; fail++) {
            clear();
            fresh();
            cnt.calls = 0;
            cnt.fail_at = fail;
            lcc_status st = READ(lang, t);
            cnt.fail_at = 0;
            if (st == LCC_OK) {
                done = cnt.calls < fail;
                continue;
            }
            ck_assert_int_eq(st, LCC_ENOMEM);
            ck_assert_ptr_null(doc.root);
            lcc__ivr_doc_free(&doc); /* again: harmless */
        }
        ck_assert_msg(done, "never succeeded");
        clear();
        ck_assert_int_eq(cnt.live, 0);
        fresh();
    }
}
END_TEST

static Suite *ivr_doc_suite(void)
{
    Suite *s = suite_create("unit-ivr-doc");
    TCase *tc = tcase_create("ivr-doc");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_yaml_tree_and_positions);
    tcase_add_test(tc, test_json_tree_and_positions);
    tcase_add_test(tc, test_plain_and_quoted);
    tcase_add_test(tc, test_scalar_roots);
    tcase_add_test(tc, test_long_multibyte_lines);
    tcase_add_test(tc, test_line_breaks);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_bom);
    tcase_add_test(tc, test_not_nul_terminated);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_nul_byte);
    tcase_add_test(tc, test_yaml_tab_indentation);
    tcase_add_test(tc, test_control_characters);
    tcase_add_test(tc, test_yaml_anchor_alias_tag);
    tcase_add_test(tc, test_yaml_second_document);
    tcase_add_test(tc, test_yaml_nul_escape);
    tcase_add_test(tc, test_yaml_star_and_hash_keys);
    tcase_add_test(tc, test_yaml_complex_keys);
    tcase_add_test(tc, test_duplicate_keys);
    tcase_add_test(tc, test_duplicate_keys_many);
    tcase_add_test(tc, test_depth);
    tcase_add_test(tc, test_too_many_nodes);
    tcase_add_test(tc, test_yaml_syntax_errors);
    tcase_add_test(tc, test_json_syntax_errors);
    tcase_add_test(tc, test_json_strings);
    tcase_add_test(tc, test_truncated);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ivr_doc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
