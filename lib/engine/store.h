/* The engine's durable store: callbacks and the directory (agents, queues,
 * conversations) in an SQLite file (WAL; outside a batch every write is
 * committed and synced before the call that made it returns).
 *
 * The engine writes a callback's row before it acknowledges a change
 * (schedule, reschedule, cancel), and after the routing steps that matter
 * on a restart (due, connected, ended).  On open it reads every row back:
 * callbacks still scheduled or waiting are re-armed (those whose time passed
 * while the engine was down fall due at the next lcc_context_run_due()), a
 * callback that was connected when the engine stopped is ended, and
 * cancelled or ended ones are kept for CB-SINGLE and the supervisor's list.
 *
 * The directory is written whenever an agent, queue, conversation or entry
 * point of the engine's context changes (ctx->save_object, see
 * model/model.h), and so are the context's settings (ctx->save_settings:
 * the digital channels flag); both are read back into the context on open.
 *
 * Batches are SQLite savepoints: lcc__store_begin() opens one (the outermost
 * starts a transaction), lcc__store_end() releases it (the outermost commits)
 * or rolls it back.  When a commit fails, or SQLite abandons an open
 * transaction after an error, the store is failed: what memory holds is no
 * longer what the file holds, so every later write is refused with LCC_EIO
 * until the engine is opened again.
 *
 * A file that is not an engine store (another application's database, a
 * corrupt file, a newer schema) is refused with LCC_EFORMAT and left as it
 * is: the open checks every page (PRAGMA quick_check) before it writes
 * anything.  A file SQLite may only read is refused at the open (LCC_EIO),
 * not at the first change.  Every message starts with "engine store: " and
 * then names the fault (disk full, read-only, corrupt, ...; engine.h,
 * "Store faults"). */
#ifndef LCC_ENGINE_STORE_H
#define LCC_ENGINE_STORE_H

#include "engine/engine.h"

typedef struct eng_store eng_store;

/* Opens (creating or migrating) the store at path (":memory:" for an
 * in-memory database).  LCC_OK; LCC_EFORMAT (not ours, corrupt, newer);
 * LCC_EIO (cannot open, read-only, disk full); LCC_ENOTSUP (built without
 * SQLite); LCC_ENOMEM. */
lcc_status lcc__store_open(eng_store **out, lcc_context *ctx, const char *path);
void lcc__store_close(eng_store *s);

/* Writes the row of `it` as it is now.  LCC_OK or LCC_EIO (message recorded). */
lcc_status lcc__store_put(eng_store *s, const eng_item *it);

/* Writes the row of an agent, queue or conversation handle. */
lcc_status lcc__store_put_object(eng_store *s, const lcc__handle *h);

/* Writes the context's settings (the digital channels flag, OB-LICENSE). */
lcc_status lcc__store_put_settings(eng_store *s, const lcc_context *ctx);

/* Writes every agent, queue, conversation and entry point of ctx, and its
 * settings when the host set them (in one transaction). */
lcc_status lcc__store_put_directory(eng_store *s, lcc_context *ctx);

/* Opens a savepoint; closes the innermost one, keeping (keep != 0) or
 * undoing its writes.  LCC_OK or LCC_EIO (message recorded). */
lcc_status lcc__store_begin(eng_store *s);
lcc_status lcc__store_end(eng_store *s, int keep);

/* Reads the directory into the engine's context (objects whose id is
 * already there are kept as they are), then every callback row into the
 * engine (lcc__eng_restore).  LCC_OK, LCC_EIO,
 * LCC_EFORMAT or LCC_ENOMEM. */
lcc_status lcc__store_load(eng_store *s, lcc_engine *e);

/* What a stored row says about a callback (borrowed strings). */
typedef struct eng_row {
    const char *id, *queue_id, *scheduler_id, *owner_id, *preferred_id;
    const char *number, *origin, *caller_id, *caller_id_name, *callee_name;
    const lcc__kv *data;
    int state, owner_window_over;
    int64_t scheduled_ms, waiting_since, window_end_ms;
} eng_row;

/* Recreates a stored callback in the engine (engine/callbacks.c). */
lcc_status lcc__eng_restore(lcc_engine *e, const eng_row *row);

#endif
