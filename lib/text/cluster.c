/* Code points and extended grapheme clusters (UAX #29 through utf8proc). */
#include <string.h>

#include <utf8proc.h>

#include "text/text.h"

int lcc__text_count(const unsigned char *s, size_t n, uint64_t *code_points)
{
    uint64_t count = 0;
    size_t i = 0;
    while (i < n) {
        while (n - i >= 8) { /* eight ASCII bytes at a time */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            count += 8;
            i += 8;
        }
        if (i >= n)
            break;
        uint32_t cp;
        size_t len = lcc__u8_next(s, i, n, &cp);
        if (!len)
            return 0;
        count++;
        i += len;
    }
    *code_points = count;
    return 1;
}

size_t lcc__cluster_end(const unsigned char *s, size_t n, size_t i)
{
    uint32_t c1, c2;
    size_t j = i + lcc__u8_dec(s, i, &c1);
    if (j >= n)
        return j;
    if (c1 < 0x80 && s[j] < 0x80) /* ASCII then ASCII: a break, except CR LF */
        return c1 == '\r' && s[j] == '\n' ? j + 1 : j;
    /* The state may start at 0 at a cluster boundary (utf8proc.h). */
    utf8proc_int32_t state = 0;
    while (j < n) {
        size_t len = lcc__u8_dec(s, j, &c2);
        if (utf8proc_grapheme_break_stateful((utf8proc_int32_t)c1, (utf8proc_int32_t)c2, &state))
            break;
        c1 = c2;
        j += len;
    }
    return j;
}
