/* Benchmark: text metrics of 1 KB messages (TXT-SMS segments and
 * TXT-WEIGHTED length through lcc_text_measure).  Single thread, CPU time
 * (CLOCK_PROCESS_CPUTIME_ID).  A benchmark, not a test: it asserts nothing
 * about speed, only that every call succeeded.
 *
 *   bench-text [messages [rounds [workload]]]
 *       default 1000 messages, 100 rounds, all four workloads; a workload is
 *       sms-mixed, sms-latin, x-mixed or x-latin (scripts/bench --callgrind
 *       counts each alone)
 *
 * The messages are made from a fixed-seed PRNG before the timed loops, each
 * about 1,024 bytes of UTF-8 (whole words up to the size):
 *   mixed  Latin words (a few with accents), Cyrillic, CJK, emoji (single,
 *          skin tones, ZWJ families, flags, keycaps), URLs with and without
 *          protocol, punctuation and newlines: UCS-2 as an SMS.
 *   latin  ASCII words with GSM-7 accents and the odd "€" or "[": GSM-7.
 * Each round measures every message once; MB/s counts the bytes of UTF-8
 * measured (1 MB = 10^6 bytes).  Besides its lines it prints "# result:"
 * lines for scripts/bench (bench-result.h), and, when both channels ran on
 * the same messages, the weighted length's time over the SMS segments' as a
 * "# ratio:" (measured side by side in one run). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <contactcore/contactcore.h>

#include "bench-result.h"

#define MESSAGE_BYTES 1024

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const latin[] = {
    "hello", "your", "order", "has", "shipped", "and", "will", "arrive", "tomorrow", "between",
    "the", "hours", "of", "please", "reply", "to", "this", "message", "if", "you", "need",
    "help", "café", "déjà", "vu", "über", "naïve", "señor", "ticket", "number", "SR-48213",
    "thanks", "Kind", "regards,", "support", "team.", "(see", "below)", "12:30", "100%"};
static const char *const cyrillic[] = {"привет", "ваш", "заказ", "отправлен", "спасибо",
                                        "поддержка", "номер", "завтра"};
static const char *const cjk[] = {"您好", "您的订单已发货", "谢谢", "お問い合わせ", "ありがとうございます",
                                   "配送", "明日", "안녕하세요"};
static const char *const emoji[] = {"😀", "👍", "👍🏽", "🎉", "❤️", "👨‍👩‍👧‍👦", "🇫🇷", "1️⃣",
                                     "🙋🏽‍♀️", "🔥"};
static const char *const urls[] = {"https://example.com/orders/48213?lang=en",
                                    "www.example.co.uk/help", "example.com",
                                    "http://support.example.org/kb/(faq)", "t.co/abc123"};
static const char *const punct[] = {",", ".", "!", "?", ":", "\n"};
static const char *const gsm[] = {"à", "é", "ñ", "ü", "£", "€", "[ref]", "Ø", "ß", "Ç"};

/* One message of about MESSAGE_BYTES; mixed or GSM-7 Latin. */
static size_t make_message(char *out, int mixed)
{
    size_t len = 0;
    for (;;) {
        const char *w;
        uint32_t r = rnd(100);
        if (!mixed)
            w = r < 90 ? latin[rnd(22)] : gsm[rnd(COUNT(gsm))];
        else if (r < 50)
            w = latin[rnd(COUNT(latin))];
        else if (r < 65)
            w = cyrillic[rnd(COUNT(cyrillic))];
        else if (r < 78)
            w = cjk[rnd(COUNT(cjk))];
        else if (r < 88)
            w = emoji[rnd(COUNT(emoji))];
        else if (r < 93)
            w = urls[rnd(COUNT(urls))];
        else
            w = punct[rnd(COUNT(punct))];
        size_t n = strlen(w);
        if (len + n + 1 > MESSAGE_BYTES)
            break;
        if (len > 0)
            out[len++] = ' ';
        memcpy(out + len, w, n);
        len += n;
    }
    return len;
}

typedef struct corpus {
    char *text;
    size_t *len;
    size_t n, bytes;
} corpus;

static void make_corpus(corpus *c, size_t n, int mixed)
{
    c->text = malloc(n * MESSAGE_BYTES);
    c->len = malloc(n * sizeof *c->len);
    if (!c->text || !c->len)
        exit(1);
    c->n = n;
    c->bytes = 0;
    for (size_t i = 0; i < n; i++) {
        c->len[i] = make_message(c->text + i * MESSAGE_BYTES, mixed);
        c->bytes += c->len[i];
    }
}

/* What run() measured, for print_results. */
typedef struct measured {
    const char *label, *id;
    double mbps, ns;
} measured;

static measured results[4];
static int nresults;

/* Measures every message `rounds` times; prints one line and keeps its
 * results (metric names from `id`); returns the nanoseconds per message. */
static double run(const char *label, const char *id, const corpus *c, lcc_channel channel,
                  long rounds)
{
    uint64_t units = 0, segments = 0;
    unsigned encodings = 0;
    double t0 = cpu_seconds();
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < c->n; i++) {
            lcc_text_metrics m = LCC_TEXT_METRICS_INIT;
            if (lcc_text_measure(&m, channel, c->text + i * MESSAGE_BYTES, c->len[i]) != LCC_OK) {
                fprintf(stderr, "%s: message %zu refused\n", label, i);
                exit(1);
            }
            units += m.units;
            segments += m.segments;
            encodings |= 1u << m.encoding;
        }
    }
    double s = cpu_seconds() - t0;
    double msgs = (double)c->n * rounds;
    printf("%-26s %6zu msgs x %4ld  %7.1f MB/s  %7.0f ns/msg  (%.1f units, %.2f segments, "
           "%s per msg)\n",
           label, c->n, rounds, (double)c->bytes * rounds / s / 1e6, s * 1e9 / msgs,
           units / msgs, segments / msgs,
           encodings == 1u << LCC_TEXT_GSM7   ? "GSM-7"
           : encodings == 1u << LCC_TEXT_UCS2 ? "UCS-2"
           : channel == LCC_CHANNEL_X         ? "weighted"
                                              : "mixed encodings");
    measured *m = &results[nresults++];
    m->label = label;
    m->id = id;
    m->mbps = (double)c->bytes * rounds / s / 1e6;
    m->ns = s * 1e9 / msgs;
    return m->ns;
}

/* The "# result:" lines, after the human ones. */
static void print_results(void)
{
    for (int i = 0; i < nresults; i++) {
        const measured *m = &results[i];
        char metric[64], what[96];
        snprintf(what, sizeof what, "%s (lcc_text_measure, 1 KB messages, CPU)", m->label);
        snprintf(metric, sizeof metric, "%s-mbps", m->id);
        bench_result("bench-text", metric, m->mbps, "MB/s", what);
        snprintf(metric, sizeof metric, "%s-ns", m->id);
        bench_result("bench-text", metric, m->ns, "ns/message", what);
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    long rounds = argc > 2 ? atol(argv[2]) : 100;
    const char *only = argc > 3 ? argv[3] : "all";
    if (n <= 0 || rounds <= 0)
        return 2;
    corpus mixed, gsm7;
    make_corpus(&mixed, (size_t)n, 1);
    make_corpus(&gsm7, (size_t)n, 0);
    printf("messages: %.0f bytes on average (mixed), %.0f (latin)\n", (double)mixed.bytes / n,
           (double)gsm7.bytes / n);
    int all = strcmp(only, "all") == 0, ran = 0;
    double sms_mixed = 0, sms_latin = 0, x_mixed = 0, x_latin = 0;
    if (all || strcmp(only, "sms-mixed") == 0)
        sms_mixed = run("SMS segments, mixed", "sms-mixed", &mixed, LCC_CHANNEL_SMS, rounds), ran++;
    if (all || strcmp(only, "sms-latin") == 0)
        sms_latin = run("SMS segments, latin", "sms-latin", &gsm7, LCC_CHANNEL_SMS, rounds), ran++;
    if (all || strcmp(only, "x-mixed") == 0)
        x_mixed = run("weighted length, mixed", "x-mixed", &mixed, LCC_CHANNEL_X, rounds), ran++;
    if (all || strcmp(only, "x-latin") == 0)
        x_latin = run("weighted length, latin", "x-latin", &gsm7, LCC_CHANNEL_X, rounds), ran++;
    print_results();
    if (sms_mixed > 0 && x_mixed > 0)
        bench_ratio("bench-text", "x-mixed-ns", x_mixed / sms_mixed,
                    "× SMS segments, mixed (time per message)");
    if (sms_latin > 0 && x_latin > 0)
        bench_ratio("bench-text", "x-latin-ns", x_latin / sms_latin,
                    "× SMS segments, latin (time per message)");
    free(mixed.text);
    free(mixed.len);
    free(gsm7.text);
    free(gsm7.len);
    return ran ? 0 : 2;
}
