/* A strict JSON (RFC 8259) validator, run before cJSON on every text the
 * library reads: network responses, error bodies, notifications, token
 * responses, engine request bodies and IVR scripts.
 *
 * It accepts exactly the JSON-text of RFC 8259 section 2 (one value with
 * only space, tab, CR and LF around and between tokens), in well-formed
 * UTF-8 (no overlongs, surrogates or code points above U+10FFFF), with no
 * NUL byte anywhere, no raw control character (U+0000..U+001F) in strings,
 * \u escapes that are whole surrogate pairs, numbers as the grammar writes
 * them (no leading zero, '+', bare '.', hex, NaN or Infinity), no trailing
 * comma and no byte order mark; and within the limits below.  cJSON by
 * itself accepts some of these (trailing text after a value, raw control
 * characters in strings, lone surrogates, 1., ...), so a text goes to
 * cJSON only after this pass said yes.
 *
 * It does not recurse, keeps one bit per open container, never reads
 * s[len] or beyond (s need not be NUL-terminated) and allocates nothing. */
#ifndef LCC_CORE_JSON_STRICT_H
#define LCC_CORE_JSON_STRICT_H

#include <stddef.h>

/* The limits for JSON from the network (backend responses, notifications,
 * token responses, engine request bodies), documented in
 * contactcore/backend.h and contactcore/engine.h.  Depth: the deepest
 * Genesys or Webex shape is under 10 levels; 64 leaves room and keeps
 * cJSON's recursion (and cJSON_Delete's) shallow on small host stacks,
 * far below CJSON_NESTING_LIMIT.  Bytes: the HTTP transport's response cap
 * (transport/curl.c MAX_BODY), so every body it delivers is read by the
 * same rule, whichever transport delivered it. */
#define LCC__JSON_NET_MAX_DEPTH 64
#define LCC__JSON_NET_MAX_BYTES ((size_t)64 << 20)

/* cJSON reads at most this many characters of a number (its buffer is 64
 * bytes), so a longer number could not be read the same way. */
#define LCC__JSON_NUMBER_MAX 63

/* The deepest nesting max_depth may ask for. */
#define LCC__JSON_DEPTH_CAP 1024

typedef struct lcc__json_limits {
    size_t max_bytes;  /* the longest text; 0: no limit */
    size_t max_depth;  /* open '[' and '{' at once, 1 .. LCC__JSON_DEPTH_CAP (0: the cap) */
    size_t max_tokens; /* values and keys; 0: no limit */
} lcc__json_limits;

/* The limits above for network JSON. */
extern const lcc__json_limits lcc__json_net_limits;

/* What was wrong (lcc__json_error.code). */
typedef enum lcc__json_code {
    LCC__JSON_OK = 0,
    LCC__JSON_EMPTY,          /* only white space: no value */
    LCC__JSON_TOO_LARGE,      /* len > max_bytes (off 0) */
    LCC__JSON_NUL,            /* a NUL byte */
    LCC__JSON_UTF8,           /* not well-formed UTF-8; value: the byte */
    LCC__JSON_EXPECTED,       /* `what` was expected at off (or the text ended) */
    LCC__JSON_UNTERMINATED,   /* a string without closing quote; off: its '"' */
    LCC__JSON_LINE_BREAK,     /* a raw CR or LF in a string */
    LCC__JSON_CONTROL,        /* another raw control character in a string; value */
    LCC__JSON_BAD_ESCAPE,     /* '\' not followed by an escape letter; off: the '\' */
    LCC__JSON_BAD_HEX,        /* \u without four hex digits */
    LCC__JSON_LONE_LOW,       /* \uDC00..\uDFFF without a high half first; value */
    LCC__JSON_LONE_HIGH,      /* \uD800..\uDBFF not followed by a low half; value */
    LCC__JSON_NUMBER_DIGITS,  /* '-' without digits */
    LCC__JSON_LEADING_ZERO,   /* 0 followed by a digit */
    LCC__JSON_FRACTION,       /* '.' without digits after it */
    LCC__JSON_EXPONENT,       /* 'e' without digits */
    LCC__JSON_NUMBER_LONG,    /* more than LCC__JSON_NUMBER_MAX characters */
    LCC__JSON_TOO_DEEP,       /* a container past max_depth; off: its bracket */
    LCC__JSON_TOO_MANY,       /* a token past max_tokens */
    LCC__JSON_TRAILING_COMMA, /* ',' right before value: the ']' or '}' */
    LCC__JSON_TRAILING,       /* something after the one value */
    LCC__JSON_STOPPED         /* on_token returned non-zero; value: what it returned */
} lcc__json_code;

typedef struct lcc__json_error {
    lcc__json_code code;
    size_t off;       /* the byte offset of the problem (len: the text ended) */
    unsigned value;   /* see the codes */
    const char *what; /* LCC__JSON_EXPECTED: what was expected, e.g. "':' after the key" */
    const char *why;  /* a short static English sentence, for every code but OK */
} lcc__json_error;

/* on_token flags: a string (value or key) with a \u0000 escape. */
#define LCC__JSON_TOK_NUL 1u

/* Called for every value and key in document order, with the offset of its
 * first byte, after it was checked (for a container: after its opening
 * bracket); non-zero stops the scan (LCC__JSON_STOPPED). */
typedef int (*lcc__json_token_fn)(void *ud, size_t off, unsigned flags);

/* Checks s[0..len).  lim NULL: lcc__json_net_limits; on_token may be NULL;
 * err may be NULL.  Returns LCC__JSON_OK (err->code too), else the code of
 * the first problem, with err filled.  The text is checked for NUL and
 * UTF-8 over its whole length before the grammar, so such a problem is
 * reported before any grammar one. */
lcc__json_code lcc__json_strict(const char *s, size_t len, const lcc__json_limits *lim,
                                lcc__json_token_fn on_token, void *ud, lcc__json_error *err);

#endif
