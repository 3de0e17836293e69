#ifndef LCC_CORE_UTF8_H
#define LCC_CORE_UTF8_H

#include <stddef.h>

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code
 * points above U+10FFFF), else 0. */
int lcc__utf8_valid(const char *s, size_t n);

/* 1 when s[0..n) is well-formed UTF-8 without control characters (C0,
 * DEL, C1), text that prints safely on one line; else 0. */
int lcc__utf8_plain(const char *s, size_t n);

#endif
