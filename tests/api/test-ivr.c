/* IVR scripts through the public API: the seed's two scripts (YAML and
 * JSON), every IVR-* rule of the checker with the line and column of each
 * problem, a table of broken scripts, the document limits, and the
 * explanation of a script. */
#include "fixture.h"

static fixture F;

static void setup(void)
{
    fixture_context(&F);
}

static void teardown(void)
{
    fixture_teardown(&F);
}

/* A fixture script from tests/ivr/, read whole; free() it. */
static char *slurp(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof path, "ivr/%s", name);
    return fixture_slurp(path, len);
}

/* The report as "RULE@line:col" words, warnings as "w:RULE@line:col". */
static const char *entries(const lcc_report *r)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < lcc_report_count(r) && n < sizeof buf - 64; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%s@%u:%u", i ? " " : "",
                              lcc_report_severity(r, i) == LCC_SEVERITY_WARNING ? "w:" : "",
                              lcc_report_rule(r, i), lcc_report_line(r, i),
                              lcc_report_column(r, i));
    return buf;
}

/* Parses text into *ivr (NULL: the script is freed); returns the status
 * and the entries. */
static lcc_status parse(lcc_ivr **ivr, const char *text, lcc_ivr_format fmt, const char **got)
{
    lcc_report *r = NULL;
    lcc_ivr *tmp = NULL;
    lcc_status st = lcc_ivr_parse(ivr ? ivr : &tmp, &r, F.ctx, text, strlen(text), fmt);
    ck_assert_ptr_nonnull(r);
    *got = entries(r);
    lcc_report_free(r);
    lcc_ivr_free(tmp);
    return st;
}

static void check_seed(const char *name, lcc_ivr_format fmt, size_t sections)
{
    size_t len;
    char *text = slurp(name, &len);
    lcc_ivr *ivr = NULL;
    lcc_report *r = NULL;
    ck_assert_int_eq(lcc_ivr_parse(&ivr, &r, F.ctx, text, len, fmt), LCC_OK);
    ck_assert_msg(lcc_report_count(r) == 0, "%s: %s", name, entries(r));
    ck_assert_uint_eq(lcc_ivr_section_count(ivr), sections);
    ck_assert_str_eq(lcc_ivr_section_name(ivr, 0), "online");
    ck_assert_str_eq(lcc_ivr_section_name(ivr, 1), "offline");
    ck_assert_str_eq(lcc_ivr_section_name(ivr, 2), "queue");
    ck_assert_ptr_null(lcc_ivr_section_name(ivr, sections));
    lcc_report_free(r);
    lcc_ivr_free(ivr);
    free(text);
}

START_TEST(test_seed_scripts_parse)
{
    check_seed("seed-direct.yaml", LCC_IVR_FORMAT_YAML, 3);
    check_seed("seed-direct.json", LCC_IVR_FORMAT_JSON, 3);
    check_seed("seed-queue.yaml", LCC_IVR_FORMAT_YAML, 5);
    check_seed("seed-queue.json", LCC_IVR_FORMAT_JSON, 5);
    check_seed("seed-queue.yaml", LCC_IVR_FORMAT_AUTO, 5);
    check_seed("seed-queue.json", LCC_IVR_FORMAT_AUTO, 5);
}
END_TEST

START_TEST(test_seed_explained)
{
    size_t len;
    char *text = slurp("seed-queue.yaml", &len);
    lcc_ivr *ivr;
    ck_assert_int_eq(lcc_ivr_parse(&ivr, NULL, F.ctx, text, len, LCC_IVR_FORMAT_AUTO), LCC_OK);
    char *out;
    size_t out_len;
    ck_assert_int_eq(lcc_ivr_explain(&out, &out_len, ivr), LCC_OK);
    ck_assert_uint_eq(strlen(out), out_len);
    ck_assert_ptr_nonnull(strstr(out, "online (line 2): runs when agents are online\n"));
    ck_assert_ptr_nonnull(strstr(out, "  line 4: ring the queue"));
    ck_assert_ptr_nonnull(strstr(out, "  line 9: choice: wait for a key (0, 1, 2)"));
    ck_assert_ptr_nonnull(strstr(out, "    key 2 \"Request callback\" (line 18): prompt https://"));
    ck_assert_ptr_nonnull(strstr(out, "      line 21: go to section callmeback\n"));
    ck_assert_ptr_nonnull(strstr(out, "callmeback (line 22): runs after a goto to it\n"
                                      "  line 23: request a callback to the caller's number "
                                      "and end the call\n"));
    ck_assert_ptr_nonnull(strstr(out, "offline (line 5): runs when no agent is online\n"
                                      "  line 6: play https://"));
    ck_assert_ptr_nonnull(strstr(out, "  end: hang up\n"));
    lcc_free(out);
    ck_assert_int_eq(lcc_ivr_explain(&out, NULL, NULL), LCC_EMISUSE);
    lcc_ivr_free(ivr);
    free(text);
}
END_TEST

#define HEAD "online:\n  - ring\noffline:\n  - voicemail\nqueue: []\n"
#define URL "https://example.com/a.mp3"

/* Broken scripts: each problem's rule, line and column, all in one pass,
 * in the order of their place in the script. */
static const struct broken {
    const char *what;
    lcc_ivr_format fmt;
    const char *text;
    const char *want;
} BROKEN[] = {
    /* IVR-SECTIONS */
    {"empty document", LCC_IVR_FORMAT_YAML, "", "IVR-SECTIONS@1:1"},
    {"only a comment", LCC_IVR_FORMAT_YAML, "# nothing\n", "IVR-SECTIONS@1:1"},
    {"missing offline", LCC_IVR_FORMAT_YAML, "online:\n  - ring\nqueue: []\n",
     "IVR-SECTIONS@1:1"},
    {"missing all three", LCC_IVR_FORMAT_YAML, "{}\n",
     "IVR-SECTIONS@1:1 IVR-SECTIONS@1:1 IVR-SECTIONS@1:1"},
    {"top level is a list", LCC_IVR_FORMAT_YAML, "- ring\n", "IVR-SECTIONS@1:1"},
    {"section is not a list", LCC_IVR_FORMAT_YAML, "online: ring\noffline: []\nqueue: []\n",
     "IVR-SECTIONS@1:9"},
    {"JSON: missing queue", LCC_IVR_FORMAT_JSON, "{\"online\": [\"ring\"], \"offline\": []}",
     "IVR-SECTIONS@1:1"},
    /* IVR-COMMANDS */
    {"unknown command", LCC_IVR_FORMAT_YAML, HEAD "x:\n  - dance\n",
     "w:IVR-GOTO@6:1 IVR-COMMANDS@7:5"},
    {"unknown map command", LCC_IVR_FORMAT_YAML, "online:\n  - sing: loud\n  - ring\n"
     "offline: []\nqueue: []\n", "IVR-COMMANDS@2:5"},
    {"play without a URL", LCC_IVR_FORMAT_YAML, "online:\n  - play: hello\n  - ring\n"
     "offline: []\nqueue: []\n", "IVR-COMMANDS@2:11"},
    {"play with a space", LCC_IVR_FORMAT_YAML, "online:\n  - play: https://a.test/b c.mp3\n"
     "offline: []\nqueue: []\n", "IVR-COMMANDS@2:11"},
    {"bare play", LCC_IVR_FORMAT_YAML, "online:\n  - play\noffline: []\nqueue: []\n",
     "IVR-COMMANDS@2:5"},
    {"ring with a value", LCC_IVR_FORMAT_YAML, "online:\n  - ring: now\noffline: []\nqueue: []\n",
     "IVR-COMMANDS@2:5"},
    {"two keys in a command", LCC_IVR_FORMAT_YAML,
     "online:\n  - play: " URL "\n    goto: queue\noffline: []\nqueue: []\n", "IVR-COMMANDS@3:5"},
    {"command is a list", LCC_IVR_FORMAT_YAML, "online:\n  - [ring]\noffline: []\nqueue: []\n",
     "IVR-COMMANDS@2:5"},
    {"bad DTMF key", LCC_IVR_FORMAT_YAML,
     "online:\n  - choice:\n      12:\n        do: [ring]\noffline: []\nqueue: []\n",
     "IVR-COMMANDS@3:7"},
    {"letter as a key", LCC_IVR_FORMAT_YAML,
     "online:\n  - choice:\n      a:\n        do: [ring]\noffline: []\nqueue: []\n",
     "IVR-COMMANDS@3:7"},
    {"option without do or goto", LCC_IVR_FORMAT_YAML,
     "online:\n  - choice:\n      1:\n        name: Sales\noffline: []\nqueue: []\n",
     "IVR-COMMANDS@3:7"},
    {"option with do and goto", LCC_IVR_FORMAT_YAML,
     "online:\n  - choice:\n      1:\n        do: [ring]\n        goto: queue\n"
     "offline: []\nqueue: []\n", "IVR-COMMANDS@5:9"},
    {"unknown option key", LCC_IVR_FORMAT_YAML,
     "online:\n  - choice:\n      1:\n        say: hi\n        do: [ring]\n"
     "offline: []\nqueue: []\n", "IVR-COMMANDS@4:9"},
    {"empty choice", LCC_IVR_FORMAT_YAML, "online:\n  - choice: {}\noffline: []\nqueue: []\n",
     "IVR-COMMANDS@2:13"},
    {"option is a list", LCC_IVR_FORMAT_YAML,
     "online:\n  - choice:\n      1: [ring]\noffline: []\nqueue: []\n", "IVR-COMMANDS@3:10"},
    {"JSON: unknown command", LCC_IVR_FORMAT_JSON,
     "{\"online\": [\"ring\", \"jump\"],\n \"offline\": [], \"queue\": []}",
     "IVR-COMMANDS@1:21"},
    /* IVR-GOTO */
    {"goto to a missing section", LCC_IVR_FORMAT_YAML, HEAD "x:\n  - goto: nowhere\n",
     "w:IVR-GOTO@6:1 IVR-GOTO@7:11"},
    {"option goto to a missing section", LCC_IVR_FORMAT_YAML,
     "online:\n  - choice:\n      1:\n        goto: nowhere\noffline: []\nqueue: []\n",
     "IVR-GOTO@4:15"},
    {"goto loop", LCC_IVR_FORMAT_YAML,
     "online:\n  - goto: a\noffline: []\nqueue: []\na:\n  - play: " URL "\n  - goto: b\n"
     "b:\n  - goto: a\n",
     "IVR-GOTO@2:11 IVR-GOTO@7:11 IVR-GOTO@9:11"},
    {"goto itself", LCC_IVR_FORMAT_YAML, "online:\n  - goto: online\noffline: []\nqueue: []\n",
     "IVR-GOTO@2:11"},
    {"choice whose every way loops", LCC_IVR_FORMAT_YAML,
     "online:\n  - ring\noffline: []\nqueue:\n  - choice:\n      1:\n        goto: queue\n"
     "  - goto: queue\n",
     "IVR-GOTO@7:15 IVR-GOTO@8:11"},
    {"JSON: goto loop", LCC_IVR_FORMAT_JSON,
     "{\"online\": [{\"goto\": \"online\"}], \"offline\": [], \"queue\": []}",
     "IVR-GOTO@1:22"},
    /* IVR-CB-OFFLINE */
    {"callback in offline", LCC_IVR_FORMAT_YAML,
     "online:\n  - ring\noffline:\n  - callback\nqueue: []\n", "IVR-CB-OFFLINE@4:5"},
    {"callback in an offline option", LCC_IVR_FORMAT_YAML,
     "online:\n  - ring\noffline:\n  - choice:\n      1:\n        do:\n          - callback\n"
     "queue: []\n", "IVR-CB-OFFLINE@7:13"},
    {"callback through a goto from offline", LCC_IVR_FORMAT_YAML,
     "online:\n  - goto: cb\noffline:\n  - goto: cb\nqueue: []\ncb:\n  - callback\n",
     "IVR-CB-OFFLINE@7:5"},
    {"callback two gotos away from offline", LCC_IVR_FORMAT_YAML,
     "online:\n  - ring\noffline:\n  - choice:\n      1:\n        goto: menu\nqueue: []\n"
     "menu:\n  - play: " URL "\n  - goto: cb\ncb:\n  - callback\n",
     "IVR-CB-OFFLINE@12:5"},
    /* Several problems at once. */
    {"everything at once", LCC_IVR_FORMAT_YAML,
     "online:\n  - dance\n  - goto: nowhere\noffline:\n  - callback\n",
     "IVR-SECTIONS@1:1 IVR-COMMANDS@2:5 IVR-GOTO@3:11 IVR-CB-OFFLINE@5:5"},
};

START_TEST(test_broken_scripts)
{
    const struct broken *b = &BROKEN[_i];
    lcc_ivr *ivr = (lcc_ivr *)1;
    const char *got;
    lcc_status st = parse(&ivr, b->text, b->fmt, &got);
    ck_assert_msg(st == LCC_EVALIDATION, "%s: status %d", b->what, st);
    ck_assert_msg(ivr == (lcc_ivr *)1, "%s: a script was handed out", b->what);
    ck_assert_msg(strcmp(got, b->want) == 0, "%s: got \"%s\", want \"%s\"", b->what, got, b->want);
}
END_TEST

/* Every entry has its rule, field (the path), a sentence and a code. */
START_TEST(test_entry_details)
{
    const char *text = "online:\n  - choice:\n      1:\n        goto: nowhere\n"
                       "offline:\n  - goto: cb\nqueue: []\ncb:\n  - callback\n";
    lcc_report *r;
    lcc_ivr *ivr = NULL;
    ck_assert_int_eq(lcc_ivr_parse(&ivr, &r, F.ctx, text, strlen(text), LCC_IVR_FORMAT_YAML),
                     LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_error_count(r), 2);
    long g = lcc_report_find(r, "IVR-GOTO");
    ck_assert_int_ge(g, 0);
    ck_assert_str_eq(lcc_report_field(r, (size_t)g), "online[0].choice.1.goto");
    ck_assert_int_eq(lcc_report_code(r, (size_t)g), LCC_ENOTFOUND);
    ck_assert_str_eq(lcc_report_message(r, (size_t)g),
                     "goto \"nowhere\": there is no section \"nowhere\"");
    long c = lcc_report_find(r, "IVR-CB-OFFLINE");
    ck_assert_int_ge(c, 0);
    ck_assert_str_eq(lcc_report_field(r, (size_t)c), "cb[0]");
    ck_assert_int_eq(lcc_report_code(r, (size_t)c), LCC_ENOTALLOWED);
    ck_assert_ptr_nonnull(strstr(lcc_report_message(r, (size_t)c), "goto \"cb\" at line 6"));
    /* The context's errmsg names the first problem and the count. */
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(F.ctx), "(2 problems)"));
    lcc_report_free(r);
}
END_TEST

/* Scripts that are fine, some with warnings. */
START_TEST(test_valid_shapes)
{
    static const char *const ok[] = {
        /* flow style after a document marker (AUTO: YAML, not JSON), quoted
         * * and # keys, empty do, goto to online */
        "--- {online: [ring], offline: [voicemail], queue: []}\n",
        "online:\n  - choice:\n      '*':\n        do: [ring]\n      \"#\":\n        goto: online\n"
        "      0:\n        name: Nothing\n        do: []\noffline: [voicemail]\nqueue: []\n",
        /* a queue that goes back to itself from a choice: its end keeps waiting */
        "online: [ring]\noffline: []\nqueue:\n  - choice:\n      1:\n        goto: queue\n",
        /* callback in online and queue, voicemail offline */
        "online:\n  - callback\noffline:\n  - voicemail\nqueue:\n  - callback\n",
        "{\"online\": [{\"play\": \"http://a.test/x.wav\"}, \"ring\"], \"offline\": [],"
        " \"queue\": [{\"choice\": {\"9\": {\"name\": \"Out\", \"do\": [\"callback\"]}}}]}",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        lcc_ivr *ivr = NULL;
        const char *got;
        ck_assert_msg(parse(&ivr, ok[i], LCC_IVR_FORMAT_AUTO, &got) == LCC_OK, "%zu: %s", i, got);
        ck_assert_msg(got[0] == '\0', "%zu: %s", i, got);
        ck_assert_ptr_nonnull(ivr);
        lcc_ivr_free(ivr);
    }
    /* A section nothing reaches is a warning: the script is still handed out. */
    lcc_ivr *ivr = NULL;
    const char *got;
    ck_assert_int_eq(parse(&ivr, HEAD "spare:\n  - ring\n", LCC_IVR_FORMAT_YAML, &got), LCC_OK);
    ck_assert_str_eq(got, "w:IVR-GOTO@6:1");
    ck_assert_ptr_nonnull(ivr);
    ck_assert_uint_eq(lcc_ivr_section_count(ivr), 4);
    lcc_ivr_free(ivr);
}
END_TEST

/* IVR-SYNTAX: the document itself, refused with a position. */
START_TEST(test_document_refusals)
{
    static const struct broken bad[] = {
        {"tab in indentation", LCC_IVR_FORMAT_YAML, "online:\n\t- ring\n", "IVR-SYNTAX@2:1"},
        {"alias", LCC_IVR_FORMAT_YAML,
         "online: &a\n  - ring\noffline: []\nqueue: *a\n", "IVR-SYNTAX@1:9 IVR-SYNTAX@4:8 IVR-SECTIONS@4:8"},
        {"duplicate section", LCC_IVR_FORMAT_YAML, HEAD "queue: []\n", "IVR-SYNTAX@6:1"},
        {"JSON duplicate", LCC_IVR_FORMAT_JSON,
         "{\"online\": [], \"offline\": [], \"queue\": [], \"online\": []}", "IVR-SYNTAX@1:44"},
        {"not UTF-8", LCC_IVR_FORMAT_YAML, "online:\n  - play: \xff\n", "IVR-SYNTAX@2:11"},
        {"YAML syntax", LCC_IVR_FORMAT_YAML, "online: [ring\n", NULL},
        {"JSON syntax", LCC_IVR_FORMAT_JSON, "{\"online\": [\"ring\",]}", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *got;
        ck_assert_msg(parse(NULL, bad[i].text, bad[i].fmt, &got) == LCC_EVALIDATION, "%s",
                      bad[i].what);
        if (bad[i].want)
            ck_assert_msg(strcmp(got, bad[i].want) == 0, "%s: got \"%s\"", bad[i].what, got);
        else
            ck_assert_msg(strncmp(got, "IVR-SYNTAX@", 11) == 0, "%s: got \"%s\"", bad[i].what,
                          got);
    }
}
END_TEST

/* Limits: size (refused unread), nesting, and a report that counts what
 * it leaves out. */
START_TEST(test_limits)
{
    const char *got;
    size_t big = LCC_IVR_MAX_BYTES + 1;
    char *text = malloc(big + 1);
    ck_assert_ptr_nonnull(text);
    memset(text, ' ', big);
    text[big] = '\0';
    ck_assert_int_eq(parse(NULL, text, LCC_IVR_FORMAT_YAML, &got), LCC_EVALIDATION);
    ck_assert_str_eq(got, "IVR-SYNTAX@1:1");
    free(text);

    /* Deep nesting in both languages. */
    char deep[4096];
    size_t n = 0;
    n += (size_t)snprintf(deep, sizeof deep, "{\"online\": ");
    for (int i = 0; i < 200; i++)
        deep[n++] = '[';
    for (int i = 0; i < 200; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    ck_assert_int_eq(parse(NULL, deep, LCC_IVR_FORMAT_JSON, &got), LCC_EVALIDATION);
    ck_assert_msg(strncmp(got, "IVR-SYNTAX@1:", 13) == 0, "%s", got);
    ck_assert_int_eq(parse(NULL, deep, LCC_IVR_FORMAT_YAML, &got), LCC_EVALIDATION);
    ck_assert_msg(strncmp(got, "IVR-SYNTAX@1:", 13) == 0, "%s", got);

    /* 150 unknown commands: 100 entries and one that counts the other 50. */
    char *many = malloc(150 * 16 + 64);
    ck_assert_ptr_nonnull(many);
    n = (size_t)sprintf(many, "offline: []\nqueue: []\nonline:\n");
    for (int i = 0; i < 150; i++)
        n += (size_t)sprintf(many + n, "  - dance\n");
    lcc_report *r;
    lcc_ivr *ivr = NULL;
    ck_assert_int_eq(lcc_ivr_parse(&ivr, &r, F.ctx, many, n, LCC_IVR_FORMAT_YAML),
                     LCC_EVALIDATION);
    ck_assert_uint_eq(lcc_report_count(r), LCC_IVR_MAX_ENTRIES + 1);
    ck_assert_str_eq(lcc_report_message(r, LCC_IVR_MAX_ENTRIES),
                     "50 more problems are not listed (a report keeps 100)");
    ck_assert_uint_eq(lcc_report_line(r, LCC_IVR_MAX_ENTRIES), 0);
    lcc_report_free(r);
    free(many);
}
END_TEST

START_TEST(test_misuse)
{
    lcc_ivr *ivr = NULL;
    ck_assert_int_eq(lcc_ivr_parse(NULL, NULL, F.ctx, "", 0, LCC_IVR_FORMAT_AUTO), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_parse(&ivr, NULL, NULL, "", 0, LCC_IVR_FORMAT_AUTO), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_parse(&ivr, NULL, F.ctx, NULL, 3, LCC_IVR_FORMAT_AUTO), LCC_EMISUSE);
    ck_assert_int_eq(lcc_ivr_parse(&ivr, NULL, F.ctx, "", 0, (lcc_ivr_format)7), LCC_EINVAL);
    ck_assert_uint_eq(lcc_ivr_section_count(NULL), 0);
    ck_assert_ptr_null(lcc_ivr_section_name(NULL, 0));
    lcc_ivr_free(NULL);
    /* Not NUL-terminated: only len bytes are read. */
    const char text[] = HEAD "garbage: [";
    ck_assert_int_eq(lcc_ivr_parse(&ivr, NULL, F.ctx, text, strlen(HEAD), LCC_IVR_FORMAT_YAML),
                     LCC_OK);
    lcc_ivr_free(ivr);
    /* A report line for entries without a document. */
    ck_assert_uint_eq(lcc_report_line(NULL, 0), 0);
    ck_assert_uint_eq(lcc_report_column(NULL, 0), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ivr");
    TCase *tc = tcase_create("ivr");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_seed_scripts_parse);
    tcase_add_test(tc, test_seed_explained);
    tcase_add_loop_test(tc, test_broken_scripts, 0, (int)(sizeof BROKEN / sizeof *BROKEN));
    tcase_add_test(tc, test_entry_details);
    tcase_add_test(tc, test_valid_shapes);
    tcase_add_test(tc, test_document_refusals);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_misuse);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(suite());
}
