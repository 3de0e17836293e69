/* Unit tests of the phone-number engine (lib/phone). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone/phone.h"

/* Parses `in` and checks the result. */
static void expect_ok(const char *in, const char *region, const char *e164, const char *ext)
{
    lcc__phone p;
    char err[256] = "";
    lcc_status st = lcc__phone_parse(&p, in, region, err, sizeof err);
    ck_assert_msg(st == LCC_OK, "\"%s\" (%s): status %d: %s", in, region ? region : "no region", (int)st,
                  err);
    ck_assert_msg(strcmp(p.e164, e164) == 0, "\"%s\" (%s): got %s, want %s", in,
                  region ? region : "no region", p.e164, e164);
    ck_assert_msg(strcmp(p.extension, ext) == 0, "\"%s\": extension \"%s\", want \"%s\"", in, p.extension,
                  ext);
}

/* Expects failure `want` with a message containing `needle` (may be NULL). */
static void expect_fail(const char *in, const char *region, lcc_status want, const char *needle)
{
    lcc__phone p;
    char err[256] = "";
    memset(&p, 0x5A, sizeof p);
    lcc_status st = lcc__phone_parse(&p, in, region, err, sizeof err);
    ck_assert_msg(st == want, "\"%s\" (%s): status %d, want %d (%s)", in, region ? region : "no region",
                  (int)st, (int)want, err);
    ck_assert_msg(err[0] != '\0', "\"%s\": empty message", in);
    if (needle)
        ck_assert_msg(strstr(err, needle) != NULL, "\"%s\": message \"%s\" lacks \"%s\"", in, err, needle);
    ck_assert_msg(((unsigned char *)&p)[0] == 0x5A, "\"%s\": *out written on failure", in);
}

START_TEST(test_france)
{
    expect_ok("01 42 68 53 00", "FR", "+33142685300", "");
    expect_ok("+33 1 42 68 53 00", NULL, "+33142685300", "");
    expect_ok("+33 1 42 68 53 00", "US", "+33142685300", "");
    expect_ok("+33 (0)1 42 68 53 00", NULL, "+33142685300", "");
    expect_ok("01.42.68.53.00", "fr", "+33142685300", "");
    expect_ok("33142685300", "FR", "+33142685300", ""); /* calling code without '+' */
    expect_ok("  06 12 34 56 78  ", "FR", "+33612345678", "");
}
END_TEST

START_TEST(test_idd)
{
    expect_ok("0033142685300", "US", "+33142685300", "");
    expect_ok("011 33 1 42 68 53 00", "US", "+33142685300", "");
    expect_ok("0033142685300", NULL, "+33142685300", "");
    expect_ok("011 33 1 42 68 53 00", NULL, "+33142685300", "");
    expect_ok("00 1 201 555 0123", "FR", "+12015550123", "");
    expect_ok("0011 33 1 42 68 53 00", "AU", "+33142685300", ""); /* AU's own IDD */
    expect_ok("8 10 33 1 42 68 53 00", "RU", "+33142685300", "");  /* RU's own IDD */
    /* "011" is also Buenos Aires with its trunk 0: the national reading wins */
    expect_ok("011 4345-6789", "AR", "+541143456789", "");
}
END_TEST

START_TEST(test_nanp)
{
    expect_ok("(201) 555-0123", "US", "+12015550123", "");
    expect_ok("1-201-555-0123", "US", "+12015550123", "");
    expect_ok("201.555.0123", "us", "+12015550123", "");
    expect_ok("+1 201 555 0123", NULL, "+12015550123", "");
    expect_ok("(613) 555-0123", "CA", "+16135550123", "");
    /* Antigua: 7-digit local numbers get the area code 268 */
    expect_ok("464 1234", "AG", "+12684641234", "");

    lcc__phone p;
    ck_assert_int_eq(lcc__phone_parse(&p, "(613) 555-0123", "CA", NULL, 0), LCC_OK);
    ck_assert_str_eq(p.region, "US"); /* the main region of +1 */
    ck_assert_uint_eq(p.country_code, 1);
}
END_TEST

START_TEST(test_countries)
{
    expect_ok("020 7946 0958", "GB", "+442079460958", "");
    expect_ok("+44 (0)20 7946 0958", NULL, "+442079460958", "");
    expect_ok("030 123456", "DE", "+4930123456", "");
    expect_ok("02 1234 5678", "IT", "+390212345678", ""); /* Italy keeps its 0 */
    expect_ok("+39 02 1234 5678", NULL, "+390212345678", "");
    expect_ok("312 345 6789", "IT", "+393123456789", "");
    expect_ok("03-1234-5678", "JP", "+81312345678", "");
    expect_ok("090-1234-5678", "JP", "+819012345678", "");
    expect_ok("(02) 9374 4000", "AU", "+61293744000", "");
    expect_ok("0412 345 678", "AU", "+61412345678", "");
    expect_ok("(11) 96123-4567", "BR", "+5511961234567", "");
    expect_ok("0 15 11 96123-4567", "BR", "+5511961234567", ""); /* carrier code 15 */
    expect_ok("098765 43210", "IN", "+919876543210", "");
    expect_ok("+91 98765 43210", NULL, "+919876543210", "");
    expect_ok("010 1234 5678", "CN", "+861012345678", "");
    expect_ok("138 0013 8000", "CN", "+8613800138000", "");
    expect_ok("011 15-2345-6789", "AR", "+5491123456789", ""); /* mobile: 0 11 15 -> 9 11 */
    expect_ok("8 (912) 345-67-89", "RU", "+79123456789", "");
    expect_ok("8 800 123 45 67", "RU", "+78001234567", "");
    expect_ok("+7 701 123 4567", NULL, "+77011234567", "");
    expect_ok("010-1234-5678", "KR", "+821012345678", "");
    expect_ok("0612345678", "NL", "+31612345678", "");
    expect_ok("612 34 56 78", "ES", "+34612345678", "");
    expect_ok("0664 1234567", "AT", "+436641234567", "");
    expect_ok("044 668 18 00", "CH", "+41446681800", "");
    expect_ok("01481 123456", "GG", "+441481123456", "");
    expect_ok("55 1234 5678", "MX", "+525512345678", "");
    expect_ok("0803 123 4567", "NG", "+2348031234567", "");
    expect_ok("012 345 6789", "ZA", "+27123456789", "");
}
END_TEST

START_TEST(test_non_geographic)
{
    expect_ok("+800 1234 5678", NULL, "+80012345678", "");
    expect_ok("+882 1234 5678", "FR", "+88212345678", "");
    lcc__phone p;
    ck_assert_int_eq(lcc__phone_parse(&p, "+800 1234 5678", NULL, NULL, 0), LCC_OK);
    ck_assert_str_eq(p.region, "");
    ck_assert_uint_eq(p.country_code, 800);
    expect_fail("+800 1234 567", NULL, LCC_EBADNUMBER, "too short");
}
END_TEST

START_TEST(test_tel_uri)
{
    expect_ok("tel:+1-201-555-0123;ext=1234", NULL, "+12015550123", "1234");
    expect_ok("TEL:+1-201-555-0123", NULL, "+12015550123", "");
    expect_ok("tel:0142685300;phone-context=+33", NULL, "+33142685300", "");
    expect_ok("tel:0142685300;phone-context=+33", "US", "+33142685300", "");
    expect_ok("tel:+1-201-555-0123;isub=12;foo=bar;ext=7", NULL, "+12015550123", "7");
    expect_ok("tel:+1-201-555-0123;Phone-Context=+44", NULL, "+12015550123", "");
    expect_ok("tel:0142685300;phone-context=example.com", "FR", "+33142685300", "");
    expect_fail("tel:0142685300;phone-context=example.com", NULL, LCC_EBADNUMBER, "default country");
    expect_fail("tel:", NULL, LCC_EINVAL, "no digits");
    expect_fail("tel:+1-201-555-0123;ext=", NULL, LCC_EINVAL, "extension");
}
END_TEST

START_TEST(test_extensions)
{
    expect_ok("+1 201 555 0123 ext. 45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123 ext 45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123 extension 45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123 EXT.45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123 x45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123x45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123 #45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123 #45#", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123;ext=45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123, 45", NULL, "+12015550123", "45");
    expect_ok("+1 201 555 0123,,45", NULL, "+12015550123", "45");
    expect_ok("(201) 555-0123 x 123456789012345", "US", "+12015550123", "123456789012345");
    expect_fail("(201) 555-0123 x 1234567890123456", "US", LCC_EINVAL, "extension");
    expect_fail("(201) 555-0123 x", "US", LCC_EINVAL, "extension");
    expect_fail("(201) 555-0123 x 12 3", "US", LCC_EINVAL, "after its extension");
}
END_TEST

START_TEST(test_scripts_and_punctuation)
{
    expect_ok("\xef\xbc\x8b\xef\xbc\x93\xef\xbc\x93\xef\xbc\x91\xef\xbc\x94\xef\xbc\x92\xef\xbc\x96"
              "\xef\xbc\x98\xef\xbc\x95\xef\xbc\x93\xef\xbc\x90\xef\xbc\x90", /* ＋３３１４２６８５３００ */
              NULL, "+33142685300", "");
    /* Arabic-Indic: ٠١٠٠١٢٣٤٥٦٧ in EG */
    expect_ok("\xd9\xa0\xd9\xa1\xd9\xa0\xd9\xa0\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7", "EG",
              "+201001234567", "");
    /* Persian (Extended Arabic-Indic): ۰۹۱۲ ۳۴۵ ۶۷۸۹ in IR */
    expect_ok("\xdb\xb0\xdb\xb9\xdb\xb1\xdb\xb2 \xdb\xb3\xdb\xb4\xdb\xb5 \xdb\xb6\xdb\xb7\xdb\xb8\xdb\xb9", "IR",
              "+989123456789", "");
    /* Devanagari: ०९८७६५ ४३२१० in IN */
    expect_ok("\xe0\xa5\xa6\xe0\xa5\xaf\xe0\xa5\xae\xe0\xa5\xad\xe0\xa5\xac\xe0\xa5\xab "
              "\xe0\xa5\xaa\xe0\xa5\xa9\xe0\xa5\xa8\xe0\xa5\xa7\xe0\xa5\xa6",
              "IN", "+919876543210", "");
    /* Bengali: ০১৭১১ ১২৩৪৫৬ in BD */
    expect_ok("\xe0\xa7\xa6\xe0\xa7\xa7\xe0\xa7\xad\xe0\xa7\xa7\xe0\xa7\xa7 "
              "\xe0\xa7\xa7\xe0\xa7\xa8\xe0\xa7\xa9\xe0\xa7\xaa\xe0\xa7\xab\xe0\xa7\xac",
              "BD", "+8801711123456", "");
    /* NBSP and en dash */
    expect_ok("01\xc2\xa0" "42\xc2\xa0" "68\xc2\xa0" "53\xc2\xa0" "00", "FR", "+33142685300", "");
    expect_ok("201\xe2\x80\x93" "555\xe2\x80\x93" "0123", "US", "+12015550123", "");
    /* fullwidth parentheses, ideographic space, minus sign, brackets, slash, tilde */
    expect_ok("\xef\xbc\x88" "201\xef\xbc\x89\xe3\x80\x80" "555\xe2\x88\x92" "0123", "US", "+12015550123", "");
    expect_ok("[201]/555~0123", "US", "+12015550123", "");
}
END_TEST

START_TEST(test_invalid_utf8)
{
    expect_fail("+33 1 42 \xff 68 53 00", NULL, LCC_EINVAL, "UTF-8");
    expect_fail("\xc0\xaf" "0142685300", "FR", LCC_EINVAL, "UTF-8");     /* overlong '/' */
    expect_fail("01426\xed\xa0\x80" "85300", "FR", LCC_EINVAL, "UTF-8"); /* surrogate */
    expect_fail("0142685300\xe2\x80", "FR", LCC_EINVAL, "UTF-8");       /* truncated */
    expect_fail("\xf4\x90\x80\x80", "FR", LCC_EINVAL, "UTF-8");          /* > U+10FFFF */
}
END_TEST

START_TEST(test_errors)
{
    expect_fail("+99 1234", NULL, LCC_EBADNUMBER, "unknown country calling code");
    expect_fail("+99 1234", NULL, LCC_EBADNUMBER, "+99");
    expect_fail("+33 1", NULL, LCC_EBADNUMBER, "too short");
    expect_fail("+33 1 42 68 53 00 00 00", NULL, LCC_EBADNUMBER, "too long");
    expect_fail("01 42 68 53 0", "FR", LCC_EBADNUMBER, "too short");
    expect_fail("+49 30 1234 5678 9012 3456", NULL, LCC_EBADNUMBER, "too long"); /* > 17 digits */
    expect_fail("123456789012345678901234567890123456789012345678901234567890123456789", "FR",
                LCC_EBADNUMBER, "too long");
    expect_fail("0142685300", NULL, LCC_EBADNUMBER, "needs a default country");
    expect_fail("0142685300", "ZZ", LCC_EINVAL, "ZZ");
    expect_fail("0142685300", "FRA", LCC_EINVAL, NULL);
    expect_fail("1-800-FLOWERS", "US", LCC_EINVAL, "letters");
    expect_fail("", "FR", LCC_EINVAL, "empty");
    expect_fail("   ", "FR", LCC_EINVAL, "empty");
    expect_fail(" - ( ) . ", "FR", LCC_EINVAL, "no digits");
    expect_fail("+", NULL, LCC_EINVAL, "no digits");
    expect_fail("01 42 + 68 53 00", "FR", LCC_EINVAL, "'+'");
    expect_fail("01*42", "FR", LCC_EINVAL, "'*'");
    expect_fail("+0 123 4567", NULL, LCC_EBADNUMBER, "country calling code");
    /* GB: 8 digits is between the possible lengths 7, 9 and 10 */
    expect_fail("+44 2079 4609", NULL, LCC_EBADNUMBER, "not a possible length");
    expect_fail(NULL, "FR", LCC_EINVAL, NULL);

    /* err may be NULL or tiny */
    lcc__phone p;
    char tiny[8];
    ck_assert_int_eq(lcc__phone_parse(&p, "+99 1234", NULL, NULL, 0), LCC_EBADNUMBER);
    ck_assert_int_eq(lcc__phone_parse(&p, "+99 1234", NULL, tiny, sizeof tiny), LCC_EBADNUMBER);
    ck_assert_uint_eq(strlen(tiny), sizeof tiny - 1);
}
END_TEST

START_TEST(test_metadata)
{
    ck_assert_ptr_nonnull(strstr(lcc__phone_metadata_version(), "libphonenumber-js 1."));
    ck_assert_int_eq(lcc__phone_region_known("fr"), 1);
    ck_assert_int_eq(lcc__phone_region_known("FR"), 1);
    ck_assert_int_eq(lcc__phone_region_known("GG"), 1);
    ck_assert_int_eq(lcc__phone_region_known("ZZ"), 0);
    ck_assert_int_eq(lcc__phone_region_known("F"), 0);
    ck_assert_int_eq(lcc__phone_region_known("FRA"), 0);
    ck_assert_int_eq(lcc__phone_region_known(""), 0);
    ck_assert_int_eq(lcc__phone_region_known(NULL), 0);
}
END_TEST

/* Example mobile numbers of every region, from libphonenumber-js. */
static const struct example {
    const char *region, *cc, *trunk, *nsn;
} examples[] = {
#include "phone-examples.inc"
};

START_TEST(test_examples)
{
    size_t n = sizeof examples / sizeof examples[0];
    ck_assert_uint_ge(n, 200);
    for (size_t k = 0; k < n; k++) {
        const struct example *e = &examples[k];
        char want[40], intl[48];
        snprintf(want, sizeof want, "+%s%s", e->cc, e->nsn);
        snprintf(intl, sizeof intl, "+%s %s", e->cc, e->nsn);
        expect_ok(e->nsn, e->region, want, "");
        expect_ok(intl, NULL, want, "");
        expect_ok(intl, e->region, want, "");
        if (e->trunk[0]) {
            char national[48];
            snprintf(national, sizeof national, "%s %s", e->trunk, e->nsn);
            expect_ok(national, e->region, want, "");
        }
    }
}
END_TEST

/* Fixed-seed xorshift: random byte strings never crash and results are sane. */
START_TEST(test_random_bytes)
{
    static const char pieces[] = "0123456789+-. ()x#;,tel:ext=\xef\xbc\x90\xd9\xa1\xc2\xa0\xff\xc0";
    static const char *const regions[] = {NULL, "FR", "US", "AR", "BR", "JP", "AG", "IT"};
    uint32_t x = 2463534242u;
    for (int iter = 0; iter < 1000; iter++) {
        char buf[64], err[128];
        size_t len;
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        len = x % (sizeof buf - 1);
        for (size_t k = 0; k < len; k++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            buf[k] = (x >> 8) % 3 == 0 ? (char)(x >> 16) : pieces[(x >> 16) % (sizeof pieces - 1)];
            if (buf[k] == '\0')
                buf[k] = '1';
        }
        buf[len] = '\0';
        lcc__phone p;
        lcc_status st = lcc__phone_parse(&p, buf, regions[x % 8], err, sizeof err);
        ck_assert(st == LCC_OK || st == LCC_EINVAL || st == LCC_EBADNUMBER);
        if (st == LCC_OK) {
            size_t e = strlen(p.e164);
            ck_assert(p.e164[0] == '+' && e >= 4 && e <= 16);
            ck_assert(strspn(p.e164 + 1, "0123456789") == e - 1);
            ck_assert(strspn(p.extension, "0123456789") == strlen(p.extension));
        } else {
            ck_assert(err[0] != '\0');
        }
    }
}
END_TEST

static Suite *phone_suite(void)
{
    Suite *s = suite_create("phone");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_france);
    tcase_add_test(tc, test_idd);
    tcase_add_test(tc, test_nanp);
    tcase_add_test(tc, test_countries);
    tcase_add_test(tc, test_non_geographic);
    tcase_add_test(tc, test_tel_uri);
    tcase_add_test(tc, test_extensions);
    tcase_add_test(tc, test_scripts_and_punctuation);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_metadata);
    tcase_add_test(tc, test_examples);
    tcase_add_test(tc, test_random_bytes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(phone_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
