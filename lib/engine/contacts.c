/* External contacts in the engine (OBQ-VERIFY): contacts with messaging
 * identifiers (SMS and WhatsApp numbers in E.164), the verification of a
 * message's externalContactId by its recipient's address, identity
 * resolution by address when no contact is named, and each contact's
 * interaction history (the conversations sent to it).  Memory only, like
 * the rest of messaging: freed with the engine. */
#include "engine/engine.h"

#include <string.h>

#include "core/alloc.h"
#include "core/report.h"

#define OK(e) lcc__handle_ok((e), LCC__MAGIC_ENGINE)
#define ERR LCC_SEVERITY_ERROR

static void contact_free(const lcc_allocator *a, eng_contact *c)
{
    if (!c)
        return;
    lcc__free(a, c->id);
    lcc__free(a, c->name);
    lcc__free(a, c->history);
    lcc__free(a, c);
}

void lcc__eng_contacts_clear(lcc_engine *e)
{
    const lcc_allocator *a = &lcc__eng_ctx(e)->alloc;
    size_t pos = 0;
    void *v;
    while (lcc__map_next(&e->contacts, &pos, NULL, &v))
        contact_free(a, v);
    lcc__map_clear(&e->contacts, a);
    lcc__eng_keys_clear(&e->identifiers, a);
}

lcc_status lcc__eng_contact_verify(eng_contact **out, lcc_report *r, lcc_engine *e,
                                   const char *contact_id, lcc_channel channel,
                                   const char *address)
{
    lcc_context *ctx = lcc__eng_ctx(e);
    char key[ENG_KEY_SIZE];
    lcc__eng_address_key(key, channel, address);
    eng_contact *owner = lcc__map_get(&e->identifiers, key), *c = owner;
    *out = NULL;
    if (contact_id && !lcc__rules_contact_id_ok(contact_id)) {
        lcc__rules_obq_contact(r, address, contact_id);
        return LCC_OK;
    }
    if (contact_id && !(c = lcc__map_get(&e->contacts, contact_id))) {
        lcc__report_add(r, "OBQ-VERIFY", "recipients", LCC_ENOTFOUND, ERR,
                        "External contact \"%.100s\" does not exist.", contact_id);
        return LCC_OK;
    }
    if (c && c != owner) {
        lcc__report_add(r, "OBQ-VERIFY", "recipients", LCC_ENOTFOUND, ERR,
                        "%s is not a %s identifier of external contact \"%.100s\": the contact "
                        "cannot be verified.",
                        address, lcc__channel_name(channel), c->id);
        return LCC_OK;
    }
    if (c && lcc__grow(&ctx->alloc, (void **)&c->history, &c->cap_history, c->n_history + 1,
                       sizeof *c->history))
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    *out = c;
    return LCC_OK;
}

void lcc__eng_contact_link(eng_contact *c, eng_item *it)
{
    if (!c)
        return;
    it->mc->contact = c;
    for (size_t i = 0; i < c->n_history; i++)
        if (strcmp(c->history[i], it->id) == 0)
            return;
    memcpy(c->history[c->n_history++], it->id, ENG_ID_SIZE);
}

/* ---- public ---- */

LCC_API lcc_status lcc_engine_add_external_contact(lcc_engine *e, const char *contact_id,
                                                   const char *name)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!contact_id)
        return LCC__MISUSE(ctx, "contact_id must not be NULL");
    if (!lcc__rules_contact_id_ok(contact_id))
        return lcc__error(ctx, LCC_EINVAL,
                          "an external contact id is 1 to %d bytes of UTF-8 text without control "
                          "characters",
                          LCC_MAX_TEXT);
    lcc_status st = name ? lcc__check_text(ctx, "contact name", name, LCC_MAX_TEXT, 0) : LCC_OK;
    if (st != LCC_OK)
        return st;
    if (lcc__map_get(&e->contacts, contact_id))
        return lcc__error(ctx, LCC_EEXISTS, "external contact \"%.100s\" exists already",
                          contact_id);
    const lcc_allocator *a = &ctx->alloc;
    eng_contact *c = lcc__calloc(a, 1, sizeof *c);
    if (!c || !(c->id = lcc__strdup(a, contact_id)) ||
        (name && !(c->name = lcc__strdup(a, name))) || lcc__map_put(&e->contacts, a, c->id, c)) {
        contact_free(a, c);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    return LCC_OK;
}

LCC_API lcc_status lcc_engine_add_contact_identifier(lcc_engine *e, const char *contact_id,
                                                     lcc_channel channel, const char *address)
{
    if (!OK(e))
        return LCC_EMISUSE;
    lcc_context *ctx = lcc__eng_ctx(e);
    if (!contact_id || !address)
        return LCC__MISUSE(ctx, "contact_id and address must not be NULL");
    eng_contact *c = lcc__map_get(&e->contacts, contact_id);
    if (!c)
        return lcc__error(ctx, LCC_ENOTFOUND, "external contact \"%.100s\" does not exist",
                          contact_id);
    if (channel != LCC_CHANNEL_SMS && channel != LCC_CHANNEL_WHATSAPP)
        return lcc__error(ctx, LCC_EINVAL,
                          "messaging identifiers are SMS or WhatsApp numbers, not channel %d",
                          (int)channel);
    char e164[LCC__ADDRESS_E164_SIZE], key[ENG_KEY_SIZE];
    lcc_status st = lcc__eng_address_e164(e164, e, channel, address);
    if (st != LCC_OK)
        return st;
    lcc__eng_address_key(key, channel, e164);
    const eng_contact *owner = lcc__map_get(&e->identifiers, key);
    if (owner)
        return lcc__error(ctx, LCC_EEXISTS, "%s on %s is an identifier of external contact "
                                            "\"%.100s\" already",
                          e164, lcc__channel_name(channel), owner->id);
    char *k = lcc__strdup(&ctx->alloc, key);
    if (!k || lcc__map_put(&e->identifiers, &ctx->alloc, k, c)) {
        lcc__free(&ctx->alloc, k);
        return lcc__error(ctx, LCC_ENOMEM, "out of memory");
    }
    return LCC_OK;
}

/* The contact `id`, or NULL (also for a NULL id or engine). */
static const eng_contact *find(lcc_engine *e, const char *id)
{
    return OK(e) && id ? lcc__map_get(&e->contacts, id) : NULL;
}

LCC_API size_t lcc_engine_contact_history_count(lcc_engine *e, const char *contact_id)
{
    const eng_contact *c = find(e, contact_id);
    return c ? c->n_history : 0;
}

LCC_API const char *lcc_engine_contact_history(lcc_engine *e, const char *contact_id, size_t i)
{
    const eng_contact *c = find(e, contact_id);
    return c && i < c->n_history ? c->history[i] : NULL;
}
