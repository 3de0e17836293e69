/* contactcore directory add-agent|add-queue|add-member|show: the agents and
 * queues of the engine's store.  They are objects of the engine's context:
 * created with lcc_agent_new() / lcc_queue_new() and their setters, which
 * write through to the store before they return. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* The permissions a new agent gets when --perm is not given. */
static const char *const default_perms[] = {LCC_PERM_CALLBACK_CREATE, LCC_PERM_MESSAGE_CREATE,
                                            LCC_PERM_QUEUE_VIEW};
/* The permissions `show` asks about (the API answers per permission). */
static const char *const known_perms[] = {LCC_PERM_CALLBACK_CREATE, LCC_PERM_MESSAGE_CREATE,
                                          LCC_PERM_QUEUE_VIEW, LCC_PERM_MESSAGE_ACCEPT,
                                          LCC_PERM_SOCIAL_CREATE};

static int lib_fail(cli_app *app, lcc_status st, const char *what, const char *id)
{
    return out_fail(app, st == LCC_EIO ? CLI_FAILED : cli_exit_for(st), st, "%s %s: %s", what,
                    id, lcc_context_errmsg(app->ctx));
}

static void done_line(cli_app *app, const char *kind, const char *id, int created)
{
    if (app->json) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", 1);
        jw_kstr(&w, kind, id);
        jw_kbool(&w, "created", created);
        jw_obj_end(&w);
        jw_end(&w);
    } else {
        printf("%s %s %s in %s\n", created ? "added" : "updated", kind, id, app->store_path);
    }
}

static int add_agent(cli_app *app, int argc, char **argv)
{
    const char *name = NULL, *tz = NULL;
    int supervisor = 0;
    cli_list perms = {0};
    const cli_opt opts[] = {
        {"name", OPT_VALUE, &name}, {"tz", OPT_VALUE, &tz},
        {"supervisor", OPT_FLAG, &supervisor}, {"perm", OPT_LIST, &perms},
        {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc == CLI_OK && npos != 1)
        rc = cli_usage(app, "give one agent id");
    if (rc == CLI_OK)
        rc = cli_open(app, NEED_ENGINE);
    if (rc != CLI_OK) {
        cli_list_free(&perms);
        return rc;
    }
    const char *id = pos[0];
    lcc_agent *a = lcc_context_find_agent(app->ctx, id);
    int created = a == NULL;
    lcc_status st = LCC_OK;
    /* One batch: the agent and its settings are stored together, or not. */
    lcc_engine_begin(app->eng);
    if (created)
        st = lcc_agent_new(&a, app->ctx, id, name ? name : id);
    else if (name)
        fprintf(stderr, "contactcore: %s: agent %s exists: its name stays \"%s\"\n", app->cmd, id,
                lcc_agent_name(a));
    if (st == LCC_OK && tz)
        st = lcc_agent_set_time_zone(a, tz);
    if (st == LCC_OK && supervisor)
        st = lcc_agent_add_role(a, LCC_ROLE_SUPERVISOR);
    int none = perms.n == 1 && strcmp(perms.v[0], "none") == 0;
    for (size_t i = 0; st == LCC_OK && !none && i < perms.n; i++)
        st = lcc_agent_add_permission(a, perms.v[i]);
    for (size_t i = 0; st == LCC_OK && created && perms.n == 0 &&
                       i < sizeof default_perms / sizeof default_perms[0];
         i++)
        st = lcc_agent_add_permission(a, default_perms[i]);
    cli_list_free(&perms);
    if (st != LCC_OK)
        return lib_fail(app, st, "agent", id); /* the batch is dropped with the engine */
    st = lcc_engine_commit(app->eng);
    if (st != LCC_OK)
        return lib_fail(app, st, "agent", id);
    done_line(app, "agent", id, created);
    return CLI_OK;
}

static int add_queue(cli_app *app, int argc, char **argv)
{
    const char *name = NULL, *limit_s = NULL, *window_s = NULL;
    int choose = 0, owned = 0, no_owned = 0;
    const cli_opt opts[] = {
        {"name", OPT_VALUE, &name},       {"choose-queue", OPT_FLAG, &choose},
        {"owned", OPT_FLAG, &owned},      {"no-owned", OPT_FLAG, &no_owned},
        {"owned-limit", OPT_VALUE, &limit_s}, {"owned-window", OPT_VALUE, &window_s},
        {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    if (rc != CLI_OK)
        return rc;
    if (npos != 1)
        return cli_usage(app, "give one queue id");
    if (owned && no_owned)
        return cli_usage(app, "--owned or --no-owned, not both");
    unsigned long limit = 0, window = 0;
    if (limit_s && cli_parse_uint(limit_s, 100000, &limit))
        return cli_usage(app, "--owned-limit: hours");
    if (window_s && cli_parse_uint(window_s, 100000, &window))
        return cli_usage(app, "--owned-window: hours");
    rc = cli_open(app, NEED_ENGINE);
    if (rc != CLI_OK)
        return rc;
    const char *id = pos[0];
    lcc_queue *q = lcc_context_find_queue(app->ctx, id);
    int created = q == NULL;
    lcc_status st = LCC_OK;
    lcc_engine_begin(app->eng);
    if (created)
        st = lcc_queue_new(&q, app->ctx, id, name ? name : id);
    if (st == LCC_OK && choose)
        st = lcc_queue_set_agents_choose_callback_queue(q, 1);
    if (st == LCC_OK && (owned || no_owned || limit_s || window_s)) {
        int en;
        int32_t l, w;
        lcc_queue_owned_callbacks(q, &en, &l, &w);
        st = lcc_queue_set_owned_callbacks(q, owned ? 1 : no_owned ? 0 : en,
                                           limit_s ? (int32_t)limit : l,
                                           window_s ? (int32_t)window : w);
    }
    if (st != LCC_OK)
        return lib_fail(app, st, "queue", id);
    st = lcc_engine_commit(app->eng);
    if (st != LCC_OK)
        return lib_fail(app, st, "queue", id);
    done_line(app, "queue", id, created);
    return CLI_OK;
}

static int add_member(cli_app *app, int argc, char **argv)
{
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, NULL, pos, &npos);
    if (rc != CLI_OK)
        return rc;
    if (npos < 2)
        return cli_usage(app, "give the queue, then one or more agents");
    rc = cli_open(app, NEED_ENGINE);
    if (rc != CLI_OK)
        return rc;
    lcc_queue *q = lcc_context_find_queue(app->ctx, pos[0]);
    if (!q)
        return out_fail(app, CLI_REFUSED, LCC_ENOTFOUND,
                        "no queue \"%s\" (add it with: contactcore directory add-queue %s)",
                        pos[0], pos[0]);
    for (int i = 1; i < npos; i++)
        if (!lcc_context_find_agent(app->ctx, pos[i]))
            return out_fail(app, CLI_REFUSED, LCC_ENOTFOUND,
                            "no agent \"%s\" (add it with: contactcore directory add-agent %s)",
                            pos[i], pos[i]);
    lcc_engine_begin(app->eng);
    lcc_status st = LCC_OK;
    for (int i = 1; st == LCC_OK && i < npos; i++)
        st = lcc_queue_add_member(q, pos[i]);
    if (st == LCC_OK)
        st = lcc_engine_commit(app->eng);
    if (st != LCC_OK)
        return lib_fail(app, st, "queue", pos[0]);
    if (app->json) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", 1);
        jw_kstr(&w, "queue", pos[0]);
        jw_key(&w, "members");
        jw_arr(&w);
        for (size_t i = 0; i < lcc_queue_member_count(q); i++)
            jw_str(&w, lcc_queue_member_id(q, i));
        jw_arr_end(&w);
        jw_obj_end(&w);
        jw_end(&w);
    } else {
        printf("queue %s: members", pos[0]);
        for (size_t i = 0; i < lcc_queue_member_count(q); i++)
            printf(" %s", lcc_queue_member_id(q, i));
        printf("\n");
    }
    return CLI_OK;
}

static void show_agent(jw *w, lcc_agent *a)
{
    const char *tz = lcc_agent_time_zone(a);
    int sup = lcc_agent_has_role(a, LCC_ROLE_SUPERVISOR);
    if (w) {
        jw_obj(w);
        jw_kstr(w, "id", lcc_agent_id(a));
        jw_kstr(w, "name", lcc_agent_name(a));
        jw_kstr(w, "time_zone", tz);
        jw_kbool(w, "supervisor", sup);
        jw_key(w, "permissions");
        jw_arr(w);
        for (size_t i = 0; i < sizeof known_perms / sizeof known_perms[0]; i++)
            if (lcc_agent_has_permission(a, known_perms[i]))
                jw_str(w, known_perms[i]);
        jw_arr_end(w);
        jw_key(w, "queues");
        jw_arr(w);
        for (size_t i = 0; i < lcc_agent_queue_count(a); i++)
            jw_str(w, lcc_agent_queue_id(a, i));
        jw_arr_end(w);
        jw_obj_end(w);
        return;
    }
    printf("agent %s \"%s\"\n  time zone  %s\n  supervisor %s\n  permissions", lcc_agent_id(a),
           lcc_agent_name(a), tz ? tz : "(none: UTC)", sup ? "yes" : "no");
    int any = 0;
    for (size_t i = 0; i < sizeof known_perms / sizeof known_perms[0]; i++)
        if (lcc_agent_has_permission(a, known_perms[i])) {
            printf(" %s", known_perms[i]);
            any = 1;
        }
    printf("%s\n  queues    ", any ? "" : " (none)");
    for (size_t i = 0; i < lcc_agent_queue_count(a); i++)
        printf(" %s", lcc_agent_queue_id(a, i));
    printf("%s\n", lcc_agent_queue_count(a) ? "" : " (none)");
}

static void show_queue(jw *w, lcc_queue *q)
{
    int en = 0;
    int32_t limit = 0, window = 0;
    lcc_queue_owned_callbacks(q, &en, &limit, &window);
    int choose = lcc_queue_agents_choose_callback_queue(q);
    if (w) {
        jw_obj(w);
        jw_kstr(w, "id", lcc_queue_id(q));
        jw_kstr(w, "name", lcc_queue_name(q));
        jw_key(w, "members");
        jw_arr(w);
        for (size_t i = 0; i < lcc_queue_member_count(q); i++)
            jw_str(w, lcc_queue_member_id(q, i));
        jw_arr_end(w);
        jw_kbool(w, "agents_choose_callback_queue", choose);
        jw_key(w, "owned_callbacks");
        jw_obj(w);
        jw_kbool(w, "enabled", en);
        jw_kint(w, "limit_h", limit);
        jw_kint(w, "window_h", window);
        jw_obj_end(w);
        jw_obj_end(w);
        return;
    }
    printf("queue %s \"%s\"\n  members   ", lcc_queue_id(q), lcc_queue_name(q));
    for (size_t i = 0; i < lcc_queue_member_count(q); i++)
        printf(" %s", lcc_queue_member_id(q, i));
    printf("%s\n  agents choose the callback queue: %s\n  owned callbacks: %s (at most %d h "
           "ahead, window %d h)\n",
           lcc_queue_member_count(q) ? "" : " (none)", choose ? "yes" : "no",
           en ? "enabled" : "disabled", (int)limit, (int)window);
}

static int show(cli_app *app, int argc, char **argv)
{
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, NULL, pos, &npos);
    if (rc != CLI_OK)
        return rc;
    if (npos < 1)
        return cli_usage(app, "give agent or queue ids");
    rc = cli_open(app, NEED_ENGINE);
    if (rc != CLI_OK)
        return rc;
    jw w;
    jw *wp = app->json ? &w : NULL;
    if (wp) {
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_key(&w, "agents");
        jw_arr(&w);
    }
    for (int i = 0; i < npos; i++) {
        lcc_agent *a = lcc_context_find_agent(app->ctx, pos[i]);
        if (a)
            show_agent(wp, a);
    }
    if (wp) {
        jw_arr_end(&w);
        jw_key(&w, "queues");
        jw_arr(&w);
    }
    for (int i = 0; i < npos; i++) {
        lcc_queue *q = lcc_context_find_queue(app->ctx, pos[i]);
        if (q)
            show_queue(wp, q);
    }
    if (wp) {
        jw_arr_end(&w);
        jw_key(&w, "unknown");
        jw_arr(&w);
    }
    for (int i = 0; i < npos; i++) {
        if (lcc_context_find_agent(app->ctx, pos[i]) || lcc_context_find_queue(app->ctx, pos[i]))
            continue;
        rc = CLI_REFUSED;
        if (wp)
            jw_str(&w, pos[i]);
        else
            fprintf(stderr, "contactcore: %s: no agent or queue \"%s\" in %s\n", app->cmd, pos[i],
                    app->store_path);
    }
    if (wp) {
        jw_arr_end(&w);
        jw_kbool(&w, "ok", rc == CLI_OK);
        jw_obj_end(&w);
        jw_end(&w);
    }
    return rc;
}

int cmd_directory(cli_app *app, const char *sub, int argc, char **argv)
{
    if (strcmp(sub, "add-agent") == 0)
        return add_agent(app, argc, argv);
    if (strcmp(sub, "add-queue") == 0)
        return add_queue(app, argc, argv);
    if (strcmp(sub, "add-member") == 0)
        return add_member(app, argc, argv);
    if (strcmp(sub, "show") == 0)
        return show(app, argc, argv);
    return cli_usage(app, "unknown subcommand '%s': add-agent, add-queue, add-member or show",
                     sub);
}
