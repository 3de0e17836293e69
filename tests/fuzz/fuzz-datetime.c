/* Fuzz target of the date/time strings the library reads, through the
 * public API only: lcc_time_parse (ISO-8601 / RFC 3339 instants, as in the
 * API bodies) and the zone names of lcc_tz_check.
 *
 * The input, NUL-terminated (an input with a NUL byte stops there), is
 * parsed as an instant; one that parses is formatted and parsed again (the
 * same millisecond must come back).  The input is also checked as a zone
 * name and, when the name is valid, used for lcc_tz_utc_to_local and
 * lcc_tz_local_to_utc.  The documented results are checked (abort() on a
 * violation, so libFuzzer and the replay see it).
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
            fprintf(stderr, "fuzz-datetime: %s:%d: invariant broken: %s\n", __FILE__,  \
                    __LINE__, #cond);                                                    \
            abort();                                                                     \
        }                                                                                \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    int64_t ms = 12345;
    lcc_status st = lcc_time_parse(&ms, text);
    REQUIRE(st == LCC_OK || st == LCC_EINVAL);
    if (st == LCC_OK) {
        char buf[LCC_TIME_BUFSIZE];
        REQUIRE(lcc_time_format(buf, sizeof buf, ms) == LCC_OK);
        REQUIRE(strlen(buf) == LCC_TIME_BUFSIZE - 1);
        int64_t back = 0;
        REQUIRE(lcc_time_parse(&back, buf) == LCC_OK);
        REQUIRE(back == ms);
    } else {
        REQUIRE(ms == 12345);
    }

    /* As a zone name (short inputs only: a name is a path under the tz
     * directory, each check may read a file). */
    if (size <= 64) {
        lcc_context *ctx = NULL;
        if (lcc_context_new(&ctx, NULL) == LCC_OK) {
            st = lcc_tz_check(ctx, text);
            if (st == LCC_OK) {
                int y, mo, d, h, mi, s;
                int32_t off = 0;
                st = lcc_tz_utc_to_local(&y, &mo, &d, &h, &mi, &s, &off, ctx, text,
                                         1767603600000LL);
                REQUIRE(st == LCC_OK);
                REQUIRE(mo >= 1 && mo <= 12 && d >= 1 && d <= 31);
                int64_t utc = 0;
                unsigned flags = 0;
                st = lcc_tz_local_to_utc(&utc, &flags, ctx, text, y, mo, d, h, mi, s,
                                         LCC_DISAMBIGUATE_COMPATIBLE);
                REQUIRE(st == LCC_OK);
            } else {
                (void)strlen(lcc_context_errmsg(ctx));
            }
            lcc_context_free(ctx);
        }
    }
    free(text);
    return 0;
}
