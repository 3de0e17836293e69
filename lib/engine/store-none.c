/* The engine store when the library is built without SQLite (-Dsqlite=disabled). */
#include "engine/store.h"

lcc_status lcc__store_open(eng_store **out, lcc_context *ctx, const char *path)
{
    (void)out;
    (void)path;
    return lcc__error(ctx, LCC_ENOTSUP, "this libcontactcore was built without SQLite: "
                                        "the engine has no durable store");
}

void lcc__store_close(eng_store *s)
{
    (void)s;
}

lcc_status lcc__store_put(eng_store *s, const eng_item *it)
{
    (void)s;
    (void)it;
    return LCC_ENOTSUP;
}

lcc_status lcc__store_load(eng_store *s, lcc_engine *e)
{
    (void)s;
    (void)e;
    return LCC_ENOTSUP;
}

lcc_status lcc__store_put_object(eng_store *s, const lcc__handle *h)
{
    (void)s;
    (void)h;
    return LCC_ENOTSUP;
}

lcc_status lcc__store_put_settings(eng_store *s, const lcc_context *ctx)
{
    (void)s;
    (void)ctx;
    return LCC_ENOTSUP;
}

lcc_status lcc__store_put_directory(eng_store *s, lcc_context *ctx)
{
    (void)s;
    (void)ctx;
    return LCC_ENOTSUP;
}

lcc_status lcc__store_begin(eng_store *s)
{
    (void)s;
    return LCC_ENOTSUP;
}

lcc_status lcc__store_end(eng_store *s, int keep)
{
    (void)s;
    (void)keep;
    return LCC_ENOTSUP;
}
