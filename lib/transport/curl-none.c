/* The libcurl transport's entry points in a build without libcurl: the ABI
 * stays the same, the functions say LCC_ENOTSUP. */
#include "contactcore/curl.h"
#include "core/context.h"

LCC_API lcc_status lcc_curl_transport_install(lcc_curl_transport **out, lcc_context *ctx,
                                              const lcc_curl_params *params)
{
    (void)params;
    if (out)
        *out = NULL;
    if (!lcc__context_ok(ctx))
        return LCC_EMISUSE;
    return lcc__error(ctx, LCC_ENOTSUP, "this libcontactcore was built without libcurl");
}

LCC_API lcc_status lcc_curl_transport_action(lcc_curl_transport *t, int fd, int events)
{
    (void)t;
    (void)fd;
    (void)events;
    return LCC_ENOTSUP;
}

LCC_API size_t lcc_curl_transport_in_flight(const lcc_curl_transport *t)
{
    (void)t;
    return 0;
}
