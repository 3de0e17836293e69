/* IVR sessions (contactcore/ivr.h): one call stepped through a checked
 * script (IVR-SECTION-CHOICE, IVR-CALLBACK).  A step runs commands from
 * where the call is until it waits for something, building the new state,
 * its actions and their events aside; a callback the script asks for is
 * filed in the context's engine last, and only then is the step committed.
 * A step that fails therefore changes nothing. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/report.h"
#include "engine/engine.h"
#include "ivr/script.h"
#include "phone/phone.h"
#include "transport/io.h"

#define OK(p) lcc__handle_ok((p), LCC__MAGIC_IVR_SESSION)

/* Commands one step may run.  A checked script cannot loop without waiting
 * for an input (IVR-GOTO); this only bounds a step if one somehow did. */
#define MAX_STEP_COMMANDS 4096

/* The DTMF keys, and each as a string (SELECT's text). */
static const char KEYS[] = "0123456789*#";
static const char KEY_TEXT[12][2] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"};

typedef struct ivr_act {
    uint8_t action;  /* lcc_ivr_action */
    char keys[13];   /* COLLECT: the keys offered (the text); else "" */
    unsigned line;
    const char *text; /* borrowed from the script or the session (NULL: none, or keys) */
} ivr_act;

struct lcc_ivr_session {
    lcc__handle h;
    ivr_script *script;                /* retained: outlives lcc_ivr_free() */
    char *caller, *queue_id, *call_id; /* call_id NULL: none */
    uint8_t wait;                      /* lcc_ivr_wait */
    uint8_t in_queue;                  /* the caller waits in the queue (after ALL_BUSY) */
    int32_t at;                        /* WAIT_KEY: the choice; WAIT_RING: the ring; else -1 */
    ivr_act *acts;                     /* the last step's */
    size_t n_acts;
    char callback_id[ENG_ID_SIZE];     /* "" until one is filed */
};

/* A step being built: what the session becomes if it succeeds. */
typedef struct ivr_step {
    lcc_ivr_session *s;
    ivr_act *acts;
    size_t n, cap;
    uint8_t wait, in_queue;
    int32_t at;
    int callback; /* the step requests a callback: 1 + the index of its CALLBACK action */
    lcc_status st;
} ivr_step;

static const char *wait_name(unsigned w)
{
    static const char *const names[] = {"the start (AGENTS_ONLINE or AGENTS_OFFLINE)",
                                        "a key (KEY or TIMEOUT)", "the ring (ANSWERED or ALL_BUSY)",
                                        "the queue (ANSWERED or TIMEOUT)", "nothing: it is over"};
    return w < 5 ? names[w] : "?";
}

static const char *input_name(lcc_ivr_input in)
{
    static const char *const names[] = {"",       "AGENTS_ONLINE", "AGENTS_OFFLINE", "ALL_BUSY",
                                        "ANSWERED", "KEY",         "TIMEOUT",        "HANGUP"};
    return names[in];
}

/* ---- building a step ---- */

static void add(ivr_step *t, lcc_ivr_action action, const char *text, unsigned line)
{
    if (t->st != LCC_OK)
        return;
    if (t->n == t->cap &&
        lcc__grow(&t->s->h.ctx->alloc, (void **)&t->acts, &t->cap, t->n + 1, sizeof *t->acts)) {
        t->st = lcc__error(t->s->h.ctx, LCC_ENOMEM, "out of memory");
        return;
    }
    ivr_act *a = &t->acts[t->n++];
    memset(a, 0, sizeof *a);
    a->action = (uint8_t)action;
    a->text = text;
    a->line = line;
}

static void finish(ivr_step *t, lcc_ivr_wait wait, int32_t at)
{
    t->wait = (uint8_t)wait;
    t->at = at;
}

/* The choice at `pc`: each option's prompt in the script's order, then
 * wait for a key. */
static void prompts(ivr_step *t, int32_t pc)
{
    const ivr_script *sc = t->s->script;
    const ivr_cmd *c = &sc->cmds[pc];
    char keys[13];
    size_t n = 0;
    for (uint32_t i = 0; i < c->n_opt; i++) {
        const ivr_option *o = &sc->options[c->opt + i];
        if (o->play)
            add(t, LCC_IVR_ACTION_PLAY, o->play, c->line);
        if (n < sizeof keys - 1)
            keys[n++] = o->key;
    }
    keys[n] = '\0';
    add(t, LCC_IVR_ACTION_COLLECT, NULL, c->line);
    if (t->st == LCC_OK)
        memcpy(t->acts[t->n - 1].keys, keys, n + 1);
    finish(t, LCC_IVR_WAIT_KEY, pc);
}

/* Runs commands from pc until the call waits or ends. */
static void run(ivr_step *t, int32_t pc)
{
    lcc_ivr_session *s = t->s;
    const ivr_script *sc = s->script;
    for (unsigned n = 0; t->st == LCC_OK; n++) {
        if (n == MAX_STEP_COMMANDS) {
            t->st = lcc__error(s->h.ctx, LCC_ESTATE, "the script loops without waiting (%d "
                               "commands in one step)", MAX_STEP_COMMANDS);
            return;
        }
        if (pc < 0) { /* the end of a section */
            if (IVR_END_SECTION(pc) == sc->queue && t->in_queue) {
                add(t, LCC_IVR_ACTION_WAIT, s->queue_id, 0);
                finish(t, LCC_IVR_WAIT_QUEUE, -1);
            } else {
                add(t, LCC_IVR_ACTION_HANGUP, NULL, 0);
                finish(t, LCC_IVR_WAIT_DONE, -1);
            }
            return;
        }
        const ivr_cmd *c = &sc->cmds[pc];
        switch (c->kind) {
        case IVR_PLAY:
            add(t, LCC_IVR_ACTION_PLAY, c->text, c->line);
            pc = c->next;
            break;
        case IVR_GOTO:
            if (c->target < 0 || (uint32_t)c->target >= sc->n_sections)
                goto unchecked;
            add(t, LCC_IVR_ACTION_ENTER, sc->sections[c->target].name,
                sc->sections[c->target].line);
            pc = sc->sections[c->target].entry;
            break;
        case IVR_CHOICE:
            prompts(t, pc);
            return;
        case IVR_RING:
            if (t->in_queue) { /* already waiting in the queue: keep waiting */
                add(t, LCC_IVR_ACTION_WAIT, s->queue_id, c->line);
                finish(t, LCC_IVR_WAIT_QUEUE, -1);
            } else {
                add(t, LCC_IVR_ACTION_RING, s->queue_id, c->line);
                finish(t, LCC_IVR_WAIT_RING, pc);
            }
            return;
        case IVR_VOICEMAIL:
            add(t, LCC_IVR_ACTION_VOICEMAIL, s->queue_id, c->line);
            add(t, LCC_IVR_ACTION_HANGUP, NULL, c->line);
            finish(t, LCC_IVR_WAIT_DONE, -1);
            return;
        case IVR_CALLBACK:
            add(t, LCC_IVR_ACTION_CALLBACK, s->caller, c->line);
            t->callback = (int)t->n; /* 1 + its index */
            add(t, LCC_IVR_ACTION_HANGUP, NULL, c->line);
            finish(t, LCC_IVR_WAIT_DONE, -1);
            return;
        default:
            goto unchecked;
        }
    }
    return;
unchecked:
    t->st = lcc__error(s->h.ctx, LCC_ESTATE, "the script has a command at line %u that was "
                       "not checked", (unsigned)sc->cmds[pc].line);
}

/* A section starts (ENTER at its line), then its commands run. */
static void enter(ivr_step *t, int32_t section)
{
    const ivr_section *sec = &t->s->script->sections[section];
    add(t, LCC_IVR_ACTION_ENTER, sec->name, sec->line);
    run(t, sec->entry);
}

/* The line of the command the session waits at (0: none). */
static unsigned wait_line(const lcc_ivr_session *s)
{
    return s->at >= 0 ? s->script->cmds[s->at].line : 0;
}

static int accepts(const lcc_ivr_session *s, lcc_ivr_input in)
{
    switch (s->wait) {
    case LCC_IVR_WAIT_START:
        return in == LCC_IVR_INPUT_AGENTS_ONLINE || in == LCC_IVR_INPUT_AGENTS_OFFLINE ||
               in == LCC_IVR_INPUT_HANGUP;
    case LCC_IVR_WAIT_KEY:
        return in == LCC_IVR_INPUT_KEY || in == LCC_IVR_INPUT_TIMEOUT ||
               in == LCC_IVR_INPUT_HANGUP || (in == LCC_IVR_INPUT_ANSWERED && s->in_queue);
    case LCC_IVR_WAIT_RING:
        return in == LCC_IVR_INPUT_ANSWERED || in == LCC_IVR_INPUT_ALL_BUSY ||
               in == LCC_IVR_INPUT_HANGUP;
    case LCC_IVR_WAIT_QUEUE:
        return in == LCC_IVR_INPUT_ANSWERED || in == LCC_IVR_INPUT_TIMEOUT ||
               in == LCC_IVR_INPUT_HANGUP;
    default:
        return 0;
    }
}

static const char *act_text(const ivr_act *a)
{
    return a->keys[0] ? a->keys : a->text;
}

/* ---- committing a step ---- */

static void free_events(lcc_event *ev)
{
    while (ev) {
        lcc_event *next = ev->next;
        ev->next = NULL;
        lcc_event_free(ev);
        ev = next;
    }
}

/* Files the step's callback in the engine (IVR-CALLBACK): an immediate
 * callback of an API client on the session's queue for the caller, its
 * origin the call id (CB-SINGLE).  LCC_OK with the id copied to id. */
static lcc_status file_callback(char id[ENG_ID_SIZE], lcc_ivr_session *s, lcc_engine *e)
{
    lcc_context *ctx = s->h.ctx;
    lcc_report *r = lcc__report_new(&ctx->alloc);
    if (!r)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    eng_item *it = NULL;
    eng_create c = {.queue_id = s->queue_id,
                    .number = s->caller,
                    .origin = s->call_id,
                    .immediate = 1};
    lcc_status st = lcc__eng_schedule(&it, r, e, NULL, &c);
    lcc_report_free(r);
    if (st == LCC_EVALIDATION) {
        char why[sizeof ctx->errmsg];
        snprintf(why, sizeof why, "%s", ctx->errmsg); /* the first entry's rule and sentence */
        return lcc__error(ctx, st, "the callback was not filed: %s", why);
    }
    if (st == LCC_OK)
        memcpy(id, it->id, ENG_ID_SIZE);
    return st;
}

/* Makes the events of the step's actions (nothing is queued yet), files
 * the callback when there is an engine, then queues the events (those up
 * to the CALLBACK before the engine's own, the rest after) and installs the
 * step in the session. */
static lcc_status commit(ivr_step *t)
{
    lcc_ivr_session *s = t->s;
    lcc_context *ctx = s->h.ctx;
    lcc_event *head = NULL, **tail = &head;
    for (size_t i = 0; i < t->n; i++) {
        const ivr_act *a = &t->acts[i];
        lcc_event *ev = lcc__event_ivr_new(ctx, a->action, act_text(a), s->caller, s->call_id,
                                           s->queue_id);
        if (!ev) {
            free_events(head);
            return lcc__error(ctx, LCC_ENOMEM, "out of memory");
        }
        *tail = ev;
        tail = &ev->next;
    }
    char id[ENG_ID_SIZE] = "";
    lcc_engine *e = lcc_context_engine(ctx);
    lcc_event *mark = ctx->io->ev_tail; /* the last event before the engine's */
    size_t before = t->n;               /* events queued after mark */
    if (t->callback && e) {
        lcc_status st = file_callback(id, s, e);
        if (st != LCC_OK) {
            free_events(head);
            return st;
        }
        before = (size_t)t->callback;
    }
    for (size_t i = 0; head; i++) {
        lcc_event *ev = head;
        head = ev->next;
        ev->next = NULL;
        lcc_event *after = i < before ? mark : ctx->io->ev_tail;
        lcc__event_queue_after(ctx, after, ev);
        if (i < before)
            mark = ev;
    }
    lcc__free(&ctx->alloc, s->acts);
    s->acts = t->acts;
    s->n_acts = t->n;
    t->acts = NULL;
    s->wait = t->wait;
    s->in_queue = t->in_queue;
    s->at = t->at;
    if (id[0])
        memcpy(s->callback_id, id, sizeof id);
    return LCC_OK;
}

/* ---- public ---- */

static void session_destroy(lcc__handle *h)
{
    lcc_ivr_session *s = (lcc_ivr_session *)h;
    const lcc_allocator *a = &h->ctx->alloc;
    lcc__ivr_script_release(s->script);
    lcc__free(a, s->caller);
    lcc__free(a, s->queue_id);
    lcc__free(a, s->call_id);
    lcc__free(a, s->acts);
}

/* The caller's number: "+" and 8..15 ASCII digits, a number the phone
 * tables accept, and already its own E.164 form. */
static lcc_status check_caller(lcc_context *ctx, const char *caller)
{
    size_t n = strlen(caller), digits = strspn(caller + (n ? 1 : 0), "0123456789");
    lcc__phone p;
    char err[256] = "";
    if (caller[0] != '+' || digits != n - 1 || digits < 8 || digits > 15)
        return lcc__error(ctx, LCC_EBADNUMBER, "caller \"%.40s\" is not an E.164 number (a \"+\" "
                          "and 8 to 15 digits)", caller);
    if (lcc__phone_parse(&p, caller, NULL, err, sizeof err) != LCC_OK)
        return lcc__error(ctx, LCC_EBADNUMBER, "caller \"%.40s\": %s", caller, err);
    if (strcmp(p.e164, caller) != 0 || p.extension[0])
        return lcc__error(ctx, LCC_EBADNUMBER, "caller \"%.40s\" is not in E.164 form (%s)",
                          caller, p.e164);
    return LCC_OK;
}

LCC_API lcc_status lcc_ivr_session_new(lcc_ivr_session **out, const lcc_ivr *ivr,
                                       const char *caller, const char *queue_id,
                                       const char *call_id)
{
    if (!lcc__handle_ok(ivr, LCC__MAGIC_IVR))
        return LCC_EMISUSE;
    lcc_context *ctx = ivr->h.ctx;
    if (!out || !caller || !queue_id)
        return LCC__MISUSE(ctx, "lcc_ivr_session_new: NULL out, caller or queue_id");
    lcc_status st = check_caller(ctx, caller);
    if (st == LCC_OK)
        st = lcc__check_text(ctx, "queue_id", queue_id, LCC_MAX_TEXT, 0);
    if (st == LCC_OK && call_id)
        st = lcc__check_text(ctx, "call_id", call_id, LCC_MAX_TEXT, 0);
    if (st != LCC_OK)
        return st;
    if (lcc_context_engine(ctx) && !lcc_context_find_queue(ctx, queue_id))
        return lcc__error(ctx, LCC_ENOTFOUND, "queue \"%.100s\" does not exist", queue_id);
    lcc_ivr_session *s = lcc__handle_new(ctx, sizeof *s, LCC__MAGIC_IVR_SESSION, session_destroy);
    if (!s)
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    s->caller = lcc__strdup(&ctx->alloc, caller);
    s->queue_id = lcc__strdup(&ctx->alloc, queue_id);
    s->call_id = call_id ? lcc__strdup(&ctx->alloc, call_id) : NULL;
    if (!s->caller || !s->queue_id || (call_id && !s->call_id)) {
        lcc__handle_free(&s->h); /* no script yet */
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    s->script = ivr->script;
    lcc__ivr_script_retain(s->script);
    s->wait = LCC_IVR_WAIT_START;
    s->at = -1;
    *out = s;
    return LCC_OK;
}

LCC_API lcc_status lcc_ivr_session_step(lcc_ivr_session *s, lcc_ivr_input input, char key)
{
    if (!OK(s))
        return LCC_EMISUSE;
    lcc_context *ctx = s->h.ctx;
    if (input < LCC_IVR_INPUT_AGENTS_ONLINE || input > LCC_IVR_INPUT_HANGUP)
        return lcc__error(ctx, LCC_EINVAL, "%d is not an lcc_ivr_input", (int)input);
    if (!accepts(s, input))
        return lcc__error(ctx, LCC_ESTATE, "%s is not an input the session waits for: it waits "
                          "for %s%s",
                          input_name(input), wait_name(s->wait),
                          s->wait == LCC_IVR_WAIT_KEY && input == LCC_IVR_INPUT_ANSWERED
                              ? "; ANSWERED only while waiting in the queue"
                              : "");
    if (input == LCC_IVR_INPUT_KEY && (key == '\0' || !strchr(KEYS, key)))
        return lcc__error(ctx, LCC_EINVAL, "key 0x%02x is not a DTMF key ('0'-'9', '*', '#')",
                          (unsigned)(unsigned char)key);
    const ivr_script *sc = s->script;
    ivr_step t = {s, NULL, 0, 0, s->wait, s->in_queue, s->at, 0, LCC_OK};
    switch (input) {
    case LCC_IVR_INPUT_AGENTS_ONLINE:
        enter(&t, sc->online);
        break;
    case LCC_IVR_INPUT_AGENTS_OFFLINE:
        enter(&t, sc->offline);
        break;
    case LCC_IVR_INPUT_ALL_BUSY:
        t.in_queue = 1;
        enter(&t, sc->queue);
        break;
    case LCC_IVR_INPUT_ANSWERED:
        add(&t, LCC_IVR_ACTION_CONNECTED, s->queue_id, wait_line(s));
        finish(&t, LCC_IVR_WAIT_DONE, -1);
        break;
    case LCC_IVR_INPUT_KEY: {
        const ivr_cmd *c = &sc->cmds[s->at];
        const ivr_option *o = NULL;
        for (uint32_t i = 0; i < c->n_opt && !o; i++)
            if (sc->options[c->opt + i].key == key)
                o = &sc->options[c->opt + i];
        if (o) {
            add(&t, LCC_IVR_ACTION_SELECT, KEY_TEXT[strchr(KEYS, key) - KEYS], o->line);
            run(&t, o->entry);
        } else {
            prompts(&t, s->at); /* not an option: the prompts again */
        }
        break;
    }
    case LCC_IVR_INPUT_TIMEOUT:
        if (s->wait == LCC_IVR_WAIT_KEY)
            run(&t, sc->cmds[s->at].next); /* no key: what follows the choice */
        else
            enter(&t, sc->queue); /* waiting in the queue: `queue` again */
        break;
    case LCC_IVR_INPUT_HANGUP:
        add(&t, LCC_IVR_ACTION_HUNG_UP, NULL, wait_line(s));
        finish(&t, LCC_IVR_WAIT_DONE, -1);
        break;
    }
    if (t.st == LCC_OK)
        t.st = commit(&t);
    lcc__free(&ctx->alloc, t.acts); /* NULL once committed */
    return t.st;
}

LCC_API lcc_ivr_wait lcc_ivr_session_wait(const lcc_ivr_session *s)
{
    return OK(s) ? (lcc_ivr_wait)s->wait : LCC_IVR_WAIT_DONE;
}

LCC_API size_t lcc_ivr_session_action_count(const lcc_ivr_session *s)
{
    return OK(s) ? s->n_acts : 0;
}

LCC_API lcc_ivr_action lcc_ivr_session_action(const lcc_ivr_session *s, size_t i)
{
    return OK(s) && i < s->n_acts ? (lcc_ivr_action)s->acts[i].action : (lcc_ivr_action)0;
}

LCC_API const char *lcc_ivr_session_action_text(const lcc_ivr_session *s, size_t i)
{
    return OK(s) && i < s->n_acts ? act_text(&s->acts[i]) : NULL;
}

LCC_API unsigned lcc_ivr_session_action_line(const lcc_ivr_session *s, size_t i)
{
    return OK(s) && i < s->n_acts ? s->acts[i].line : 0;
}

LCC_API const char *lcc_ivr_session_callback_id(const lcc_ivr_session *s)
{
    return OK(s) && s->callback_id[0] ? s->callback_id : NULL;
}

LCC_API void lcc_ivr_session_free(lcc_ivr_session *s)
{
    if (OK(s))
        lcc__handle_free(&s->h);
}
