/* contactcore phone normalize: lcc_phone_normalize().  No backend. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_phone(cli_app *app, const char *sub, int argc, char **argv)
{
    if (strcmp(sub, "normalize") != 0 && strcmp(sub, "normalise") != 0)
        return cli_usage(app, "unknown subcommand '%s': normalize", sub);
    const char *country = NULL;
    const cli_opt opts[] = {{"country", OPT_VALUE, &country}, {NULL, 0, NULL}};
    char **pos = app->pos;
    int npos = 0;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc == CLI_OK && npos == 0)
        rc = cli_usage(app, "which number? (quote one with spaces)");
    if (rc == CLI_OK)
        rc = cli_open(app, NEED_CONTEXT);
    if (rc != CLI_OK)
        return rc;
    jw w;
    if (app->json) {
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_key(&w, "numbers");
        jw_arr(&w);
    }
    int all = CLI_OK;
    for (int i = 0; i < npos; i++) {
        char e164[LCC_E164_BUFSIZE], ext[LCC_EXTENSION_BUFSIZE];
        lcc_status st = lcc_phone_normalize(e164, sizeof e164, ext, sizeof ext, app->ctx, pos[i],
                                            country);
        int one = cli_exit_for(st);
        if (one != CLI_OK && all != CLI_FAILED)
            all = one;
        if (app->json) {
            jw_obj(&w);
            jw_kstr(&w, "input", pos[i]);
            jw_kbool(&w, "ok", st == LCC_OK);
            if (st == LCC_OK) {
                jw_kstr(&w, "e164", e164);
                jw_kstr(&w, "extension", ext[0] ? ext : NULL);
            } else {
                jw_kstr(&w, "code", cc_status_name(st));
                jw_kstr(&w, "error", lcc_context_errmsg(app->ctx));
            }
            jw_obj_end(&w);
        } else if (st == LCC_OK) {
            printf("%s%s%s\n", e164, ext[0] ? " ext. " : "", ext);
        } else {
            printf("%s: not a number: %s\n", pos[i], lcc_context_errmsg(app->ctx));
        }
    }
    if (app->json) {
        jw_arr_end(&w);
        jw_kbool(&w, "ok", all == CLI_OK);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return all;
}
