#ifndef LCC_CORE_UTF8_H
#define LCC_CORE_UTF8_H

#include <stddef.h>

/* The length (1..4) of the well-formed UTF-8 sequence at s[i] (i < n), or
 * 0 when none starts there (a stray continuation byte, an overlong form, a
 * surrogate, a code point above U+10FFFF, or a sequence cut by n). */
size_t lcc__utf8_seq(const char *s, size_t n, size_t i);

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code
 * points above U+10FFFF), else 0. */
int lcc__utf8_valid(const char *s, size_t n);

/* 1 when s[0..n) is well-formed UTF-8 without control characters (C0,
 * DEL, C1), text that prints safely on one line; else 0. */
int lcc__utf8_plain(const char *s, size_t n);

#endif
