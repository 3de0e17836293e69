/* contactcore: CSV (RFC 4180) reading and writing. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct growing {
    char *p;
    size_t n, cap;
} growing;

static int grow_put(growing *g, char c)
{
    if (g->n + 1 >= g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        char *p = realloc(g->p, cap);
        if (!p)
            return -1;
        g->p = p;
        g->cap = cap;
    }
    g->p[g->n++] = c;
    return 0;
}

static int add_field(csv_record *rec, size_t *cap, growing *g)
{
    if (grow_put(g, '\0'))
        return -1;
    if (rec->n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        char **f = realloc(rec->f, c * sizeof *f);
        if (!f)
            return -1;
        rec->f = f;
        *cap = c;
    }
    rec->f[rec->n++] = g->p;
    memset(g, 0, sizeof *g);
    return 0;
}

static int add_record(csv_doc *doc, size_t *cap, csv_record *rec)
{
    if (doc->n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        csv_record *r = realloc(doc->r, c * sizeof *r);
        if (!r)
            return -1;
        doc->r = r;
        *cap = c;
    }
    doc->r[doc->n++] = *rec;
    memset(rec, 0, sizeof *rec);
    return 0;
}

static void record_free(csv_record *rec)
{
    for (size_t i = 0; i < rec->n; i++)
        free(rec->f[i]);
    free(rec->f);
    memset(rec, 0, sizeof *rec);
}

void csv_free(csv_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        record_free(&doc->r[i]);
    free(doc->r);
    doc->r = NULL;
    doc->n = 0;
}

int csv_parse(csv_doc *doc, const char *text, size_t len, char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    size_t i = 0, doc_cap = 0, rec_cap = 0, row = 1, line = 1;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    csv_record rec = {NULL, 0, 1};
    growing g = {0};
    int quoted = 0, in_quotes = 0, field_started = 0, oom = 0;
    while (i <= len && !oom) {
        char c = i < len ? text[i] : '\n'; /* the end closes the last record */
        int at_end = i == len;
        if (in_quotes) {
            if (at_end) {
                snprintf(err, errlen, "row %zu: a quoted field is not closed", row);
                free(g.p);
                record_free(&rec);
                csv_free(doc);
                return -1;
            }
            if (c == '"') {
                if (i + 1 < len && text[i + 1] == '"') {
                    oom = grow_put(&g, '"');
                    i += 2;
                    continue;
                }
                in_quotes = 0;
            } else {
                oom = grow_put(&g, c);
                line += c == '\n';
            }
            i++;
            continue;
        }
        if (!field_started && rec.n == 0)
            row = line; /* the record starts on this line */
        if (c == '"' && !field_started) {
            in_quotes = quoted = field_started = 1;
            i++;
            continue;
        }
        if (c == '"' || (quoted && c != ',' && c != '\r' && c != '\n')) {
            snprintf(err, errlen, "row %zu: a quote inside a field that is not quoted "
                                  "(write the field in quotes and double the quote)", row);
            free(g.p);
            record_free(&rec);
            csv_free(doc);
            return -1;
        }
        if (c == ',') {
            oom = add_field(&rec, &rec_cap, &g);
            quoted = field_started = 0;
            i++;
            continue;
        }
        if (c == '\r' && i + 1 < len && text[i + 1] == '\n') {
            i++;
            continue;
        }
        if (c == '\n') {
            /* An empty line (no field at all) is no record. */
            if (field_started || rec.n > 0) {
                oom = add_field(&rec, &rec_cap, &g);
                rec.row = row;
                if (!oom)
                    oom = add_record(doc, &doc_cap, &rec);
                rec_cap = 0;
            }
            line++;
            quoted = field_started = 0;
            i++;
            continue;
        }
        field_started = 1;
        oom = grow_put(&g, c);
        i++;
    }
    free(g.p);
    record_free(&rec);
    if (oom) {
        snprintf(err, errlen, "out of memory");
        csv_free(doc);
        return -1;
    }
    return 0;
}

void csv_put(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
