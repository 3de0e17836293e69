/* Reading cJSON trees that came from outside: lookups that take any node
 * (NULL, or one of the wrong type, gives NULL) so callers can chain them
 * without checking each step.  Used by the Genesys parser (lib/api) and the
 * engine's REST surface (lib/engine). */
#ifndef LCC_API_JSON_READ_H
#define LCC_API_JSON_READ_H

#include <cjson/cJSON.h>

/* o[key] when o is an object, else NULL. */
static inline const cJSON *lcc__json_item(const cJSON *o, const char *key)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

/* The first element of an array, NULL for anything else. */
static inline const cJSON *lcc__json_first(const cJSON *a)
{
    return cJSON_IsArray(a) ? a->child : NULL;
}

/* o[key] when it is a string (possibly empty), else NULL. */
static inline const char *lcc__json_str(const cJSON *o, const char *key)
{
    const cJSON *v = lcc__json_item(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

#endif
