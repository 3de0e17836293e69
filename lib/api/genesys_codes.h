/* The error codes of our rules in Genesys Cloud error bodies (callbacks,
 * CB-*; messages on behalf of a queue, OBQ-*, and their text, TXT-LIMITS),
 * shared by the client (an error body's code -> our rule,
 * lib/api/genesys_parse.c) and the engine (our rule -> the code it answers
 * with, lib/engine/rest.c).  Codes Genesys documents are used as they are;
 * the rules Genesys has no public code for get codes of ours in the same
 * style: "callback.error.*" and "messaging.error.*". */
#ifndef LCC_API_GENESYS_CODES_H
#define LCC_API_GENESYS_CODES_H

#include "contactcore/common.h"

/* The key of CreateCallbackCommand.data under which the client names the
 * conversation a callback was scheduled from (the API has no field for it);
 * the engine applies CB-SINGLE, CB-ELIGIBLE and CB-QUEUE with it. */
#define LCC__GC_ORIGIN_KEY "originatingConversationId"

typedef struct lcc__gc_code {
    const char *code, *rule, *field;
    lcc_status status;
    int http;             /* what the engine answers with */
    const char *sentence; /* for entries without a server message */
} lcc__gc_code;

/* The entry of a server code, or NULL. */
const lcc__gc_code *lcc__gc_code_find(const char *code);
/* The entry for a report entry (rule, field, status): the exact match, else
 * the first of the same rule and field, else of the same rule; NULL when the
 * rule has no code. */
const lcc__gc_code *lcc__gc_code_for(const char *rule, const char *field, lcc_status status);

#endif
