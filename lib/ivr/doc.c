/* What both readers share: the start of a document (its size, a byte
 * order mark) and dropping the repeated keys of a map. */
#include <string.h>

#include "core/alloc.h"
#include "core/utf8.h"
#include "ivr/doc.h"

static uint32_t hash_text(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

int lcc__ivr_map_dedupe(ivr_node *map, ivr_diag *d, const lcc_allocator *a)
{
    if (map->n < 2)
        return 0;
    size_t cap = 8;
    while (cap < 2 * (size_t)map->n)
        cap *= 2;
    uint32_t *set = lcc__calloc(a, cap, sizeof *set); /* kept pair + 1; 0: empty */
    if (!set)
        return -1;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < map->n; i++) {
        const ivr_node *key = &map->kids[2 * i];
        size_t h = hash_text(key->text, key->len) & (cap - 1);
        const ivr_node *first = NULL;
        for (; set[h]; h = (h + 1) & (cap - 1)) {
            const ivr_node *k = &map->kids[2 * (set[h] - 1)];
            if (k->len == key->len && memcmp(k->text, key->text, key->len) == 0) {
                first = k;
                break;
            }
        }
        if (first) {
            if (key->len <= 64 && lcc__utf8_plain(key->text, key->len))
                lcc__ivr_problem(d, "IVR-SYNTAX", "script", key->line, key->col, LCC_EFORMAT,
                                 LCC_SEVERITY_ERROR,
                                 "the key \"%s\" is already in this map (line %u): remove or "
                                 "rename this one",
                                 key->text, (unsigned)first->line);
            else
                lcc__ivr_problem(d, "IVR-SYNTAX", "script", key->line, key->col, LCC_EFORMAT,
                                 LCC_SEVERITY_ERROR,
                                 "this key is already in this map (line %u): remove or rename "
                                 "this one",
                                 (unsigned)first->line);
            continue;
        }
        if (kept != i)
            memmove(&map->kids[2 * kept], &map->kids[2 * i], 2 * sizeof *map->kids);
        set[h] = ++kept;
    }
    map->n = kept;
    lcc__free(a, set);
    return 0;
}

int lcc__ivr_doc_begin(ivr_doc *doc, ivr_diag *d, const lcc_allocator *a, const char **text,
                       size_t *len)
{
    lcc__arena_init(&doc->arena, a);
    doc->root = NULL;
    if (*len > LCC_IVR_MAX_BYTES) { /* refused unread (positions are 32-bit, too) */
        lcc__ivr_problem(d, "IVR-SYNTAX", "script", 1, 1, LCC_EFORMAT, LCC_SEVERITY_ERROR,
                         "the script is larger than %d bytes, the most accepted",
                         LCC_IVR_MAX_BYTES);
        return 1;
    }
    /* The BOM is not part of line 1: columns count from after it. */
    if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
        *text += 3;
        *len -= 3;
    }
    return 0;
}
