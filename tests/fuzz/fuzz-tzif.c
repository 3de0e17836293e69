/* Fuzz target of the TZif reader (lib/time/tzif.c: lcc__tz_parse, internal).
 *
 * Each input is parsed as a TZif image on the default allocator; a zone
 * that parses is queried (UTC -> local and local -> UTC) at instants taken
 * from its own transitions' neighbourhood and across the years 1..9999, and
 * the documented results are checked (abort() on a violation, so libFuzzer
 * and the replay see it).  A failure must leave *out untouched and give a
 * message.  Everything is freed explicitly.
 *
 * Links the internal library (tests/fuzz/meson.build: fuzz_internal).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <contactcore/contactcore.h>

#include "core/alloc.h"
#include "time/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)                                                                    \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz-tzif: %s:%d: invariant broken: %s\n", __FILE__,      \
                    __LINE__, #cond);                                                    \
            abort();                                                                     \
        }                                                                                \
    } while (0)

/* Instants to query: epoch, now-ish, extremes of the years 1..9999, and a
 * few taken from the input's bytes. */
static const int64_t fixed_instants[] = {
    0,           1767603600LL,   -62135596800LL, 253402300799LL, -2208988800LL,
    2147483647LL, -2147483648LL, 4102444800LL,   1711846800LL,   1730595600LL,
};

static void query(const lcc__tz *tz, int64_t t)
{
    int32_t off = 0;
    int dst = -1;
    const char *abbr = NULL;
    lcc__tz_offset_at(tz, t, &off, &dst, &abbr);
    REQUIRE(dst == 0 || dst == 1);
    if (abbr)
        (void)strlen(abbr);
    lcc__tz_offset_at(tz, t, NULL, NULL, NULL);

    lcc__tz_local res;
    memset(&res, 0, sizeof res);
    lcc__tz_local_to_utc(tz, t, &res);
    REQUIRE(res.count >= 0 && res.count <= 2);
    if (res.count == 2)
        REQUIRE(res.utc[0] <= res.utc[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lcc_allocator a;
    lcc__allocator_normalise(&a, NULL);
    lcc__tz *tz = (lcc__tz *)&a; /* a sentinel: must stay as it is on failure */
    lcc__tz *const sentinel = tz;
    char err[128];
    err[0] = '\0';
    lcc_status st = lcc__tz_parse(&tz, &a, "Fuzz/Zone", data, size, err, sizeof err);
    REQUIRE(st == LCC_OK || st == LCC_EFORMAT || st == LCC_ENOMEM);
    if (st != LCC_OK) {
        REQUIRE(tz == sentinel);
        if (st == LCC_EFORMAT)
            REQUIRE(err[0] != '\0' && strlen(err) < sizeof err);
        return 0;
    }
    REQUIRE(tz != NULL && tz != sentinel);
    REQUIRE(strcmp(lcc__tz_name(tz), "Fuzz/Zone") == 0);
    for (size_t i = 0; i < sizeof fixed_instants / sizeof fixed_instants[0]; i++)
        query(tz, fixed_instants[i]);
    /* Instants from the input: 8-byte big-endian words at its end, clamped
     * to years 1..9999. */
    for (size_t i = 0; i + 8 <= size && i < 64; i += 8) {
        const uint8_t *p = data + size - 8 - i;
        uint64_t u = 0;
        for (int k = 0; k < 8; k++)
            u = u << 8 | p[k];
        int64_t t = (int64_t)(u % 315537897600ULL) - 62135596800LL;
        query(tz, t);
    }
    lcc__tz_free(tz, &a);
    return 0;
}
