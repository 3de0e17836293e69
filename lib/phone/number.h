/* Context-level number checks: the phone engine plus the host's validator. */
#ifndef LCC_PHONE_NUMBER_H
#define LCC_PHONE_NUMBER_H

#include "core/context.h"
#include "phone/phone.h"

/* lcc__phone_parse, then the context's validator hook.  The reason for a
 * refusal goes into err (not into the context's errmsg). */
lcc_status lcc__number_check(lcc__phone *out, lcc_context *ctx, const char *input,
                             const char *default_country, char *err, size_t errlen);

#endif
