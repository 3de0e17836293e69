#include "contactcore/common.h"

LCC_API const char *lcc_status_str(lcc_status status)
{
    switch (status) {
    case LCC_OK: return "success";
    case LCC_EMISUSE: return "API misuse";
    case LCC_ENOMEM: return "out of memory";
    case LCC_EINVAL: return "invalid argument";
    case LCC_ERANGE: return "value out of range";
    case LCC_ENOTFOUND: return "not found";
    case LCC_EEXISTS: return "already exists";
    case LCC_EVALIDATION: return "validation failed";
    case LCC_EPERM: return "permission denied";
    case LCC_ENOTELIGIBLE: return "interaction not eligible";
    case LCC_ENOTALLOWED: return "not allowed by settings";
    case LCC_EPAST: return "time is in the past";
    case LCC_EUNKNOWN_ZONE: return "unknown time zone";
    case LCC_ENONEXISTENT_TIME: return "local time does not exist";
    case LCC_EAMBIGUOUS_TIME: return "local time is ambiguous";
    case LCC_EBADNUMBER: return "invalid phone number";
    case LCC_EIO: return "input/output error";
    case LCC_EFORMAT: return "corrupt or truncated data";
    case LCC_ESTATE: return "invalid state for this operation";
    case LCC_EPENDING: return "operation in progress";
    case LCC_ETIMEDOUT: return "timed out";
    case LCC_ECANCELED: return "cancelled";
    case LCC_EUNKNOWN_OUTCOME: return "outcome unknown: the request may have been applied";
    case LCC_EAUTH: return "authentication failed";
    case LCC_EBUSY: return "backend busy (rate limited)";
    case LCC_ESERVER: return "backend error";
    case LCC_EREJECTED: return "refused by the backend";
    case LCC_ENOTSUP: return "not supported by this build";
    case LCC_ETAKEOVER: return "an open conversation exists: take it over";
    }
    return "unknown status";
}
