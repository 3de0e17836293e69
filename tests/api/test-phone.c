/* Phone numbers through the public API: the lcc_phone_normalize contract
 * (outputs, buffers, statuses, messages) and the host validator hook.  The
 * parsing engine itself is covered by the unit suites. */
#include "fixture.h"

static fixture fx;

static void setup(void)
{
    fixture_context(&fx);
}

static void teardown(void)
{
    fixture_teardown(&fx);
}

/* Fills both buffers with a marker, to see whether they were written. */
static void poison(char *e164, size_t e164_size, char *ext, size_t ext_size)
{
    memset(e164, 'Q', e164_size);
    if (ext)
        memset(ext, 'Q', ext_size);
}

static int all_marker(const char *buf, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (buf[i] != 'Q')
            return 0;
    return 1;
}

START_TEST(national_number_with_default_country)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    poison(e164, sizeof e164, ext, sizeof ext);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "01 42 68 53 00", "FR"),
                     LCC_OK);
    ck_assert_str_eq(e164, "+33142685300");
    ck_assert_str_eq(ext, "");
}
END_TEST

START_TEST(international_number_ignores_default_country)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "+33 1 42 68 53 00", "US"),
                     LCC_OK);
    ck_assert_str_eq(e164, "+33142685300");
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "+33 1 42 68 53 00", NULL),
                     LCC_OK);
    ck_assert_str_eq(e164, "+33142685300");
}
END_TEST

START_TEST(extension_is_returned_apart)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "+1 201 555 0123 ext. 45", NULL),
                     LCC_OK);
    ck_assert_str_eq(e164, "+12015550123");
    ck_assert_str_eq(ext, "45");
}
END_TEST

START_TEST(extension_buffer_may_be_null)
{
    char e164[LCC_E164_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx,
                                         "+1 201 555 0123 ext. 45", NULL),
                     LCC_OK);
    ck_assert_str_eq(e164, "+12015550123");
}
END_TEST

START_TEST(small_e164_buffer_is_range_error_and_untouched)
{
    /* "+33142685300" needs 13 bytes. */
    static const size_t sizes[] = {0, 1, 5, 12};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
        poison(e164, sizeof e164, ext, sizeof ext);
        ck_assert_msg(lcc_phone_normalize(e164, sizes[i], ext, sizeof ext, fx.ctx,
                                          "+33 1 42 68 53 00", NULL) == LCC_ERANGE,
                      "size %zu", sizes[i]);
        ck_assert_msg(all_marker(e164, sizeof e164), "e164 written with size %zu", sizes[i]);
        ck_assert_msg(all_marker(ext, sizeof ext), "extension written with size %zu", sizes[i]);
    }
}
END_TEST

START_TEST(small_extension_buffer_is_range_error_and_untouched)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    poison(e164, sizeof e164, ext, sizeof ext);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, 2, fx.ctx,
                                         "+1 201 555 0123 ext. 45", NULL),
                     LCC_ERANGE);
    ck_assert(all_marker(e164, sizeof e164));
    ck_assert(all_marker(ext, sizeof ext));
}
END_TEST

START_TEST(tel_uri_with_extension)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "tel:+1-201-555-0123;ext=45", NULL),
                     LCC_OK);
    ck_assert_str_eq(e164, "+12015550123");
    ck_assert_str_eq(ext, "45");
}
END_TEST

START_TEST(unknown_default_country_is_invalid)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    poison(e164, sizeof e164, ext, sizeof ext);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "01 42 68 53 00", "ZZ"),
                     LCC_EINVAL);
    ck_assert_str_ne(lcc_context_errmsg(fx.ctx), "");
    ck_assert(all_marker(e164, sizeof e164));
    ck_assert(all_marker(ext, sizeof ext));
}
END_TEST

START_TEST(national_number_without_default_is_bad_number)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    poison(e164, sizeof e164, ext, sizeof ext);
    ck_assert_str_eq(lcc_context_errmsg(fx.ctx), "");
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "01 42 68 53 00", NULL),
                     LCC_EBADNUMBER);
    ck_assert_str_ne(lcc_context_errmsg(fx.ctx), "");
    ck_assert(all_marker(e164, sizeof e164));
    ck_assert(all_marker(ext, sizeof ext));
}
END_TEST

START_TEST(impossible_length_is_bad_number)
{
    char e164[LCC_E164_BUFSIZE];
    memset(e164, 'Q', sizeof e164);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx, "+33 1 42", NULL),
                     LCC_EBADNUMBER);
    ck_assert_str_ne(lcc_context_errmsg(fx.ctx), "");
    ck_assert(all_marker(e164, sizeof e164));
}
END_TEST

START_TEST(invalid_utf8_is_invalid)
{
    char e164[LCC_E164_BUFSIZE];
    memset(e164, 'Q', sizeof e164);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx,
                                         "+33 1 42 \xff 68 53 00", NULL),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx,
                                         "+33 1 42 68 53 0\xc3", NULL),
                     LCC_EINVAL);
    ck_assert(all_marker(e164, sizeof e164));
}
END_TEST

START_TEST(empty_and_letters_are_invalid)
{
    char e164[LCC_E164_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx, "", "FR"),
                     LCC_EINVAL);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx, "call me", "FR"),
                     LCC_EINVAL);
}
END_TEST

START_TEST(null_arguments_are_misuse)
{
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx, NULL, "FR"),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, NULL,
                                         "+33 1 42 68 53 00", NULL),
                     LCC_EMISUSE);
    ck_assert_int_eq(lcc_phone_normalize(NULL, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "+33 1 42 68 53 00", NULL),
                     LCC_EMISUSE);
}
END_TEST

/* ---- validator hook ---------------------------------------------------- */

typedef struct validator_log {
    int calls;
    int refuse;
    char e164[32];
    char region[8];
} validator_log;

static int recording_validator(const char *e164, const char *region, char *reason,
                               size_t reason_size, void *user_data)
{
    validator_log *log = user_data;
    log->calls++;
    snprintf(log->e164, sizeof log->e164, "%s", e164);
    snprintf(log->region, sizeof log->region, "%s", region);
    if (log->refuse) {
        snprintf(reason, reason_size, "number barred by the host test");
        return 1;
    }
    return 0;
}

START_TEST(validator_receives_e164_and_region)
{
    validator_log log = {0, 0, "", ""};
    ck_assert_int_eq(lcc_context_set_phone_validator(fx.ctx, recording_validator, &log), LCC_OK);
    char e164[LCC_E164_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx, "01 42 68 53 00",
                                         "FR"),
                     LCC_OK);
    ck_assert_int_eq(log.calls, 1);
    ck_assert_str_eq(log.e164, "+33142685300");
    ck_assert_str_eq(log.region, "FR");
    ck_assert_str_eq(e164, "+33142685300");
}
END_TEST

START_TEST(validator_not_called_for_impossible_numbers)
{
    validator_log log = {0, 0, "", ""};
    ck_assert_int_eq(lcc_context_set_phone_validator(fx.ctx, recording_validator, &log), LCC_OK);
    char e164[LCC_E164_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx, "01 42 68 53 00",
                                         NULL),
                     LCC_EBADNUMBER);
    ck_assert_int_eq(log.calls, 0);
}
END_TEST

START_TEST(validator_refusal_is_bad_number_with_reason)
{
    validator_log log = {0, 1, "", ""};
    ck_assert_int_eq(lcc_context_set_phone_validator(fx.ctx, recording_validator, &log), LCC_OK);
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    poison(e164, sizeof e164, ext, sizeof ext);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, fx.ctx,
                                         "+33 1 42 68 53 00", NULL),
                     LCC_EBADNUMBER);
    ck_assert_int_eq(log.calls, 1);
    ck_assert_ptr_nonnull(strstr(lcc_context_errmsg(fx.ctx), "number barred by the host test"));
    ck_assert(all_marker(e164, sizeof e164));
    ck_assert(all_marker(ext, sizeof ext));
}
END_TEST

START_TEST(removing_validator_restores_acceptance)
{
    validator_log log = {0, 1, "", ""};
    ck_assert_int_eq(lcc_context_set_phone_validator(fx.ctx, recording_validator, &log), LCC_OK);
    char e164[LCC_E164_BUFSIZE];
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx, "+33 1 42 68 53 00",
                                         NULL),
                     LCC_EBADNUMBER);
    ck_assert_int_eq(lcc_context_set_phone_validator(fx.ctx, NULL, NULL), LCC_OK);
    ck_assert_int_eq(lcc_phone_normalize(e164, sizeof e164, NULL, 0, fx.ctx, "+33 1 42 68 53 00",
                                         NULL),
                     LCC_OK);
    ck_assert_str_eq(e164, "+33142685300");
    ck_assert_int_eq(log.calls, 1);
}
END_TEST

START_TEST(set_validator_on_null_context_is_misuse)
{
    validator_log log = {0, 0, "", ""};
    ck_assert_int_eq(lcc_context_set_phone_validator(NULL, recording_validator, &log),
                     LCC_EMISUSE);
}
END_TEST

START_TEST(metadata_version_names_libphonenumber_js)
{
    const char *v = lcc_phone_metadata_version();
    ck_assert_ptr_nonnull(v);
    ck_assert_ptr_nonnull(strstr(v, "libphonenumber-js"));
}
END_TEST

static Suite *phone_suite(void)
{
    Suite *s = suite_create("api-phone");
    TCase *tc = tcase_create("normalize");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, national_number_with_default_country);
    tcase_add_test(tc, international_number_ignores_default_country);
    tcase_add_test(tc, extension_is_returned_apart);
    tcase_add_test(tc, extension_buffer_may_be_null);
    tcase_add_test(tc, small_e164_buffer_is_range_error_and_untouched);
    tcase_add_test(tc, small_extension_buffer_is_range_error_and_untouched);
    tcase_add_test(tc, tel_uri_with_extension);
    tcase_add_test(tc, unknown_default_country_is_invalid);
    tcase_add_test(tc, national_number_without_default_is_bad_number);
    tcase_add_test(tc, impossible_length_is_bad_number);
    tcase_add_test(tc, invalid_utf8_is_invalid);
    tcase_add_test(tc, empty_and_letters_are_invalid);
    tcase_add_test(tc, null_arguments_are_misuse);
    suite_add_tcase(s, tc);

    TCase *hook = tcase_create("validator");
    tcase_add_checked_fixture(hook, setup, teardown);
    tcase_add_test(hook, validator_receives_e164_and_region);
    tcase_add_test(hook, validator_not_called_for_impossible_numbers);
    tcase_add_test(hook, validator_refusal_is_bad_number_with_reason);
    tcase_add_test(hook, removing_validator_restores_acceptance);
    tcase_add_test(hook, set_validator_on_null_context_is_misuse);
    tcase_add_test(hook, metadata_version_names_libphonenumber_js);
    suite_add_tcase(s, hook);
    return s;
}

int main(void)
{
    return run_suite(phone_suite());
}
