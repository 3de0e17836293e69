/* Machine-readable lines of the benchmarks, printed next to their human
 * output and read by scripts/bench (tests/bench/report.py):
 *
 *   # result: BENCH METRIC VALUE UNIT LABEL...
 *   # ratio: BENCH METRIC VALUE LABEL...
 *
 * METRIC is a word naming the measurement within BENCH; UNIT is one word
 * (ns/draft, MB/s, ...); LABEL is the rest of the line, what the table
 * shows.  A ratio belongs to the result of the same BENCH and METRIC: two
 * figures measured side by side in one run, divided in that run (so that a
 * load that slows the whole run cancels out); its LABEL follows the value
 * in the table ("× raw libcurl").  Nothing here asserts. */
#ifndef BENCH_RESULT_H
#define BENCH_RESULT_H

#include <stddef.h>
#include <stdio.h>

static inline void bench_result(const char *bench, const char *metric, double value,
                                const char *unit, const char *label)
{
    printf("# result: %s %s %.6g %s %s\n", bench, metric, value, unit, label);
}

/* n with thousands separators ("1,000,000"), for labels; in one of four
 * static buffers, so up to four calls may feed one printf. */
static inline const char *bench_grouped(size_t n)
{
    static char bufs[4][32];
    static int next;
    char *out = bufs[next++ % 4], digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return out;
}

static inline void bench_ratio(const char *bench, const char *metric, double value,
                               const char *label)
{
    printf("# ratio: %s %s %.6g %s\n", bench, metric, value, label);
}

#endif
