/* contactcore: the option parser, and dates, times and numbers as written
 * on the command line. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void cli_list_free(cli_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static int list_add(cli_list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

/* Finds `name` (without "--", up to `len` bytes) in a table. */
static const cli_opt *find(const cli_opt *opts, const char *name, size_t len)
{
    for (const cli_opt *o = opts; o && o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

int cli_parse(cli_app *app, int argc, char **argv, const cli_opt *opts, char **pos, int *npos)
{
    const cli_opt global[] = {
        {"json", OPT_FLAG, &app->json},
        {"verbose", OPT_FLAG, &app->verbose},
        {"help", OPT_FLAG, &app->help},
        {"http", OPT_VALUE, &app->http},
        {"login-url", OPT_VALUE, &app->login_url},
        {"ca-file", OPT_VALUE, &app->ca_file},
        {"as", OPT_VALUE, &app->as},
        {NULL, 0, NULL},
    };
    int only_pos = 0;
    *npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || strcmp(a, "-") == 0) {
            pos[(*npos)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0) {
            app->help = 1;
            continue;
        }
        if (a[1] != '-')
            return cli_usage(app, "unknown option %s", a);
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        /* --engine and --engine=FILE: the value only with '=', so that the
         * word after it stays a command or an argument. */
        if (len == 6 && strncmp(name, "engine", 6) == 0) {
            app->engine = 1;
            if (eq) {
                if (!eq[1])
                    return cli_usage(app, "--engine= needs a file name");
                app->store = eq + 1;
            }
            continue;
        }
        const cli_opt *o = find(opts, name, len);
        if (!o)
            o = find(global, name, len);
        if (!o)
            return cli_usage(app, "unknown option --%.*s", (int)len, name);
        if (o->kind == OPT_FLAG) {
            if (eq)
                return cli_usage(app, "--%s takes no value", o->name);
            *(int *)o->dest = 1;
            continue;
        }
        const char *val = eq ? eq + 1 : NULL;
        if (!val) {
            if (i + 1 >= argc)
                return cli_usage(app, "--%s needs a value", o->name);
            val = argv[++i];
        }
        if (o->kind == OPT_VALUE)
            *(const char **)o->dest = val;
        else if (list_add((cli_list *)o->dest, val) != 0)
            return out_fail(app, CLI_FAILED, LCC_ENOMEM, "out of memory");
    }
    if (!app->as) {
        const char *env = getenv("CONTACTCORE_AGENT");
        if (env && *env)
            app->as = env;
    }
    return CLI_OK;
}

int cli_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    if (!*s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_disambiguation(const char *s, lcc_disambiguation *out)
{
    static const struct {
        const char *name;
        lcc_disambiguation how;
    } t[] = {{"compatible", LCC_DISAMBIGUATE_COMPATIBLE},
             {"earlier", LCC_DISAMBIGUATE_EARLIER},
             {"later", LCC_DISAMBIGUATE_LATER},
             {"reject", LCC_DISAMBIGUATE_REJECT}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(s, t[i].name) == 0) {
            *out = t[i].how;
            return 0;
        }
    return -1;
}
