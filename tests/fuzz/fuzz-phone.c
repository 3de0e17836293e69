/* Fuzz target of the phone-number normaliser (contactcore/phone.h:
 * lcc_phone_normalize), through the public API only.
 *
 * When the first two input bytes are letters they are the default region
 * (as given, so lower case and unknown regions are tried too) and the rest
 * is the number; otherwise the whole input is the number, without a
 * region.  The number is handed over NUL-terminated (an input with a NUL
 * byte stops there).  Each number is normalised with and without an
 * extension buffer, and a result normalised again must come back
 * unchanged; the documented results are checked (abort() on a violation, so libFuzzer and the replay see it).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <contactcore/contactcore.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                    \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz-phone: %s:%d: invariant broken: %s\n", __FILE__,     \
                    __LINE__, #cond);                                                    \
            abort();                                                                     \
        }                                                                                \
    } while (0)

static int is_letter(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char region[3] = "";
    const uint8_t *num = data;
    size_t len = size;
    if (size >= 2 && is_letter(data[0]) && is_letter(data[1])) {
        region[0] = (char)data[0];
        region[1] = (char)data[1];
        num += 2;
        len -= 2;
    }
    char *input = malloc(len + 1);
    if (!input)
        return 0;
    memcpy(input, num, len);
    input[len] = '\0';

    lcc_context *ctx = NULL;
    if (lcc_context_new(&ctx, NULL) != LCC_OK) {
        free(input);
        return 0;
    }
    const char *def = region[0] ? region : NULL;
    char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
    memset(e164, 'x', sizeof e164);
    memset(ext, 'x', sizeof ext);
    lcc_status st = lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, ctx, input, def);
    REQUIRE(st == LCC_OK || st == LCC_EINVAL || st == LCC_EBADNUMBER || st == LCC_ERANGE);
    if (st == LCC_OK) {
        size_t n = strnlen(e164, sizeof e164);
        REQUIRE(n < sizeof e164 && n >= 2 && e164[0] == '+');
        for (size_t i = 1; i < n; i++)
            REQUIRE(isdigit((unsigned char)e164[i]));
        size_t x = strnlen(ext, sizeof ext);
        REQUIRE(x < sizeof ext);

        /* Normalising the result again gives it back. */
        char again[LCC_E164_BUFSIZE], ext2[LCC_EXTENSION_BUFSIZE];
        lcc_status st2 = lcc_phone_normalize(again, sizeof again, ext2, sizeof ext2, ctx, e164,
                                             NULL);
        REQUIRE(st2 == LCC_OK);
        REQUIRE(strcmp(again, e164) == 0);

    } else {
        const char *msg = lcc_context_errmsg(ctx);
        REQUIRE(msg != NULL);
        (void)strlen(msg);
    }
    /* Without an extension buffer. */
    st = lcc_phone_normalize(e164, sizeof e164, NULL, 0, ctx, input, def);
    REQUIRE(st == LCC_OK || st == LCC_EINVAL || st == LCC_EBADNUMBER || st == LCC_ERANGE ||
            st == LCC_EMISUSE);
    lcc_context_free(ctx);
    free(input);
    return 0;
}
