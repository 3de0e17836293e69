/* contactcore message send: a message on behalf of a queue (OBQ-*), by the
 * acting agent, through lcc_message_validate() and lcc_message_send(). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void deliveries_json(jw *w, const lcc_message *m)
{
    jw_arr(w);
    for (size_t i = 0; i < lcc_message_delivery_count(m); i++) {
        jw_obj(w);
        jw_kstr(w, "recipient", lcc_message_recipient(m, i));
        jw_kstr(w, "address", lcc_message_delivery_address(m, i));
        jw_kstr(w, "state", lcc_delivery_state_name(lcc_message_delivery_state(m, i)));
        jw_kstr(w, "conversation", lcc_message_conversation_id(m, i));
        jw_kstr(w, "message_id", lcc_message_message_id(m, i));
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

static void deliveries_text(const lcc_message *m)
{
    for (size_t i = 0; i < lcc_message_delivery_count(m); i++) {
        const char *addr = lcc_message_delivery_address(m, i);
        const char *conv = lcc_message_conversation_id(m, i);
        const char *id = lcc_message_message_id(m, i);
        printf("  %-16s %-18s conversation %s, message %s\n",
               addr ? addr : lcc_message_recipient(m, i),
               lcc_delivery_state_name(lcc_message_delivery_state(m, i)), conv ? conv : "-",
               id ? id : "-");
    }
}

static int send_message(cli_app *app, const char *queue, const cli_list *to, const char *text,
                        lcc_channel channel, int take_over)
{
    lcc_message *m = NULL;
    lcc_status st = lcc_message_new(&m, app->ctx, app->agent, channel);
    if (st == LCC_OK && cli_local_queue(app, queue) != CLI_OK)
        return CLI_FAILED;
    if (st == LCC_OK)
        st = lcc_message_set_queue(m, queue);
    for (size_t i = 0; st == LCC_OK && i < to->n; i++) {
        st = lcc_message_add_recipient(m, to->v[i]);
        if (st == LCC_EEXISTS) /* the same recipient twice: once is enough */
            st = LCC_OK;
    }
    if (st == LCC_OK)
        st = lcc_message_set_body(m, text);
    if (st == LCC_OK && take_over)
        st = lcc_message_set_take_over(m, 1);
    if (st != LCC_OK)
        return out_fail(app, cli_exit_for(st), st, "%s", lcc_context_errmsg(app->ctx));

    lcc_report *report = NULL;
    lcc_op *op = NULL;
    st = lcc_message_send(&op, &report, m);
    if (st == LCC_OK)
        st = cli_wait(app, op);
    const lcc_report *r = op && lcc_op_report(op) ? lcc_op_report(op) : report;
    int rc = cli_exit_for(st);
    if (app->json) {
        jw w;
        jw_init(&w, stdout);
        jw_obj(&w);
        jw_kbool(&w, "ok", st == LCC_OK);
        if (st != LCC_OK) {
            jw_kint(&w, "exit", rc);
            jw_kstr(&w, "status", cc_status_name(st));
            jw_kstr(&w, "message", op && *lcc_op_message(op) ? lcc_op_message(op)
                                                             : lcc_context_errmsg(app->ctx));
        }
        jw_kstr(&w, "channel", cc_channel_name(channel));
        jw_kstr(&w, "queue", queue);
        jw_key(&w, "deliveries");
        deliveries_json(&w, m);
        jw_key(&w, "report");
        cc_report_json(&w, r);
        jw_obj_end(&w);
        jw_end(&w);
    } else if (st == LCC_OK) {
        printf("sent on behalf of queue %s (%s):\n", queue, cc_channel_name(channel));
        deliveries_text(m);
        out_report(stdout, r, "  ");
    } else if (rc == CLI_REFUSED && lcc_report_count(r) > 0) {
        printf("not sent%s:\n", op ? ": refused by the backend" : "");
        out_report(stdout, r, "  ");
        if (lcc_message_delivery_count(m) > 0 && op)
            deliveries_text(m);
        if (st == LCC_ETAKEOVER)
            printf("  (send again with --take-over to take that conversation over)\n");
    } else {
        fprintf(stderr, "contactcore: %s: %s\n", app->cmd,
                op && *lcc_op_message(op) ? lcc_op_message(op) : lcc_context_errmsg(app->ctx));
        if (st == LCC_ETAKEOVER)
            fprintf(stderr, "contactcore: %s: send again with --take-over to take the "
                            "contact's open conversation over\n", app->cmd);
    }
    lcc_op_free(op);
    lcc_report_free(report);
    lcc_message_free(m);
    return rc;
}

int cmd_message(cli_app *app, const char *sub, int argc, char **argv)
{
    if (strcmp(sub, "send") != 0)
        return cli_usage(app, "unknown subcommand '%s': send", sub);
    const char *queue = NULL, *text = NULL, *text_file = NULL, *channel_s = NULL;
    int take_over = 0;
    cli_list to = {0};
    const cli_opt opts[] = {
        {"queue", OPT_VALUE, &queue},       {"to", OPT_LIST, &to},
        {"text", OPT_VALUE, &text},         {"text-file", OPT_VALUE, &text_file},
        {"channel", OPT_VALUE, &channel_s}, {"take-over", OPT_FLAG, &take_over},
        {NULL, 0, NULL},
    };
    char **pos = app->pos;
    int npos;
    int rc = cli_parse(app, argc, argv, opts, pos, &npos);
    lcc_channel channel = LCC_CHANNEL_SMS;
    char *owned = NULL;
    if (rc == CLI_OK && npos > 0)
        rc = cli_usage(app, "unexpected argument '%s'", pos[0]);
    if (rc == CLI_OK && !queue)
        rc = cli_usage(app, "on behalf of which queue? --queue Q");
    if (rc == CLI_OK && to.n == 0)
        rc = cli_usage(app, "to whom? --to NUMBER (repeat it for several)");
    if (rc == CLI_OK && !text == !text_file)
        rc = cli_usage(app, "give the text: --text TEXT or --text-file FILE");
    if (rc == CLI_OK && channel_s &&
        (cc_parse_channel(channel_s, &channel) ||
         (channel != LCC_CHANNEL_SMS && channel != LCC_CHANNEL_WHATSAPP)))
        rc = cli_usage(app, "--channel: sms or whatsapp (messages on behalf of a queue)");
    if (rc == CLI_OK && text_file) {
        size_t len;
        owned = cc_read_file(text_file, &len, LCC_MESSAGE_MAX_BYTES * 2);
        if (!owned)
            rc = out_fail(app, CLI_FAILED, LCC_EIO, "%s: %s", text_file, strerror(errno));
        else if (strlen(owned) != len)
            rc = out_fail(app, CLI_REFUSED, LCC_EINVAL, "%s: the text has a NUL byte", text_file);
        text = owned;
    }
    if (rc == CLI_OK)
        rc = cli_open(app, NEED_BACKEND | NEED_AGENT);
    if (rc == CLI_OK)
        rc = send_message(app, queue, &to, text, channel, take_over);
    free(owned);
    cli_list_free(&to);
    return rc;
}
