#include "phone/number.h"

#include <stdio.h>
#include <string.h>

lcc_status lcc__number_check(lcc__phone *out, lcc_context *ctx, const char *input,
                             const char *default_country, char *err, size_t errlen)
{
    lcc_status st = lcc__phone_parse(out, input, default_country, err, errlen);
    if (st != LCC_OK || !ctx->phone_validator)
        return st;
    char reason[256] = "";
    if (ctx->phone_validator(out->e164, out->region, reason, sizeof reason,
                             ctx->phone_validator_ud) != 0) {
        reason[sizeof reason - 1] = '\0';
        snprintf(err, errlen, "%s was refused by the number check%s%s", out->e164,
                 reason[0] ? ": " : ".", reason);
        return LCC_EBADNUMBER;
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_phone_normalize(char *e164, size_t e164_size, char *extension,
                                       size_t extension_size, lcc_context *ctx, const char *input,
                                       const char *default_country)
{
    if (!lcc__context_ok(ctx) || !e164 || !input || (extension && !extension_size))
        return LCC__MISUSE(ctx, "lcc_phone_normalize: NULL argument or invalid context");
    lcc__phone p;
    char err[256];
    lcc_status st = lcc__number_check(&p, ctx, input, default_country, err, sizeof err);
    if (st != LCC_OK)
        return lcc__error(ctx, st, "%s", err);
    size_t n = strlen(p.e164), x = strlen(p.extension);
    if (n >= e164_size || (extension && x >= extension_size))
        return lcc__error(ctx, LCC_ERANGE, "output buffer too small (need %zu and %zu bytes)",
                          n + 1, x + 1);
    memcpy(e164, p.e164, n + 1);
    if (extension)
        memcpy(extension, p.extension, x + 1);
    return LCC_OK;
}

LCC_API const char *lcc_phone_metadata_version(void)
{
    return lcc__phone_metadata_version();
}
