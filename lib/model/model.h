/* Internal layout of the model handles. */
#ifndef LCC_MODEL_MODEL_H
#define LCC_MODEL_MODEL_H

#include "contactcore/agent.h"
#include "contactcore/callback.h"
#include "contactcore/conversation.h"
#include "contactcore/entrypoint.h"
#include "contactcore/queue.h"
#include "core/context.h"
#include "core/strlist.h"

/* Common head of every object registered by id in one of the context's maps. */
typedef struct lcc__object {
    lcc__handle h;
    char *id;
    char *name; /* display name of agents and queues; NULL for the others */
    lcc__map *registry;
    void (*destroy)(struct lcc__object *o); /* frees the type's own fields */
} lcc__object;

/* Creates an object of `size` bytes with a copy of `id` (and of `name`
 * unless NULL), registered in `registry`.  Checks the texts and the id's
 * uniqueness and records errors on ctx. */
lcc_status lcc__object_new(void **out, lcc_context *ctx, lcc__map *registry, size_t size,
                           uint32_t magic, const char *kind, const char *id, const char *name,
                           void (*destroy)(lcc__object *o));

/* Saving the directory.  While the context's engine keeps a store
 * (ctx->save_object), every change of an agent, queue or conversation is
 * written there before the call that made it returns.  A change that cannot
 * be written is undone and the call returns the store's status (LCC_EIO), so
 * memory and store never disagree.  Without a store these only change
 * memory. */
lcc_status lcc__object_save(lcc__object *o);
/* The last step of a *_new: saves the new object and sets *out, or frees
 * the object and returns the failure. */
lcc_status lcc__object_created(void **out, lcc__object *o);
/* Replaces an optional string field with a copy of s (checked by the
 * caller; NULL clears) and saves. */
lcc_status lcc__object_set_str(lcc__object *o, char **slot, const char *s);
/* Sets an int field and saves. */
lcc_status lcc__object_set_int(lcc__object *o, int *slot, int v);
/* Adds (unless present) a copy of s, checked by the caller, to a string
 * list of o and saves. */
lcc_status lcc__object_list_add(lcc__object *o, lcc__strlist *l, const char *s);
/* Removes s from a string list of o and saves; LCC_ENOTFOUND (no message
 * recorded) when it is not there. */
lcc_status lcc__object_list_remove(lcc__object *o, lcc__strlist *l, const char *s);


struct lcc_agent {
    lcc__object o;
    char *time_zone;
    lcc__strlist permissions;
    lcc__strlist roles;
    /* OB-LICENSE, OB-PROFILE, OB-AUTOASSIGN (lcc_agent_set_profile) */
    int digital_license;
    uint32_t media, auto_assigned;
};

/* An SMS or email entry point of the tenant (OB-ENTRYPOINT). */
struct lcc_entry_point {
    lcc__object o;
    lcc_channel channel;
};

struct lcc_queue {
    lcc__object o;
    lcc__strlist members;
    int agents_choose_callback_queue;
    int owned_enabled;
    int32_t owned_limit_h;
    int32_t owned_window_h;
};

struct lcc_conversation {
    lcc__object o;
    lcc_media_type media;
    int acd;
    char *ani;
    char *queue_id;
    char *agent_id;
    lcc_interaction_state state; /* the agent's participant, as last learnt */
    struct lcc_op *busy;         /* the interaction op in flight (interaction.c) */
};

/* Cancels the conversation's op in flight, which then no longer touches it. */
void lcc__conversation_forget_op(lcc_conversation *c);

struct lcc_callback {
    lcc__object o;
    lcc_callback_state state;
    char *conversation_id;
    char *agent_id;
    char *queue_id;
    char *owner_id;     /* CB-OWN */
    char *preferred_id; /* CB-ROUTE-ME */
    char number[LCC_E164_BUFSIZE];
    char extension[LCC_EXTENSION_BUFSIZE];
    char region[3];       /* main region of the number's country code ("US" for +1), "" for
                           * non-geographic codes: the create body's countryCode */
    int64_t scheduled_ms; /* or LCC_CALLBACK_ASAP */
    char *time_zone;
    char caller_id[LCC_E164_BUFSIZE];
    int has_caller_id;
    char *caller_id_name;
    char *callee_name;
    lcc__kv data;
    lcc_callback_sync sync;
    char *remote_id;      /* the backend's conversation id */
    lcc__kv remote_ids;   /* callback identifiers by type ("ACD", "EXTERNAL") */
    struct lcc_op *busy;  /* the remote operation in flight on it */
};

/* What a new callback is made of (borrowed; copied by lcc__callback_record). */
typedef struct lcc__callback_init {
    const char *conversation_id, *agent_id, *queue_id, *owner_id, *preferred_id;
    const struct lcc__phone *number;
    int64_t scheduled_ms;
    const char *time_zone, *caller_id, *caller_id_name, *callee_name;
    const lcc__kv *data;
} lcc__callback_init;

/* Records a scheduled callback in the context (and for CB-SINGLE).  Returns
 * LCC_OK or LCC_ENOMEM with nothing recorded. */
lcc_status lcc__callback_record(lcc_callback **out, lcc_context *ctx, const lcc__callback_init *init);

/* The CB-CANCEL / CB-RESCHEDULE checks without the change: the report goes
 * to *report (or is freed), the status says whether the change may go on. */
lcc_status lcc__callback_check_cancel(lcc_report **report, lcc_callback *c, const lcc_agent *by);
lcc_status lcc__callback_check_reschedule(lcc_report **report, lcc_callback *c,
                                          const lcc_agent *by, int64_t new_ms);

#endif
