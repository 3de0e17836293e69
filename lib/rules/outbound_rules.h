/* OB-* rules (agent-initiated outbound SMS and email, Webex Contact Center)
 * and the wrap-up rule shared by OB-WRAPUP and SL-END, as pure functions:
 * facts in, report entries out, shared by the client-side message handle
 * and the engine.  Entries come out in the order of the composer's fields:
 * agent, channel, entry point (from), recipients (to), body. */
#ifndef LCC_RULES_OUTBOUND_RULES_H
#define LCC_RULES_OUTBOUND_RULES_H

#include <stdint.h>

#include "contactcore/common.h"
#include "contactcore/text.h"
#include "core/report.h"

/* The longest email address the rules accept, with its NUL (RFC 5321: 254). */
#define LCC__EMAIL_SIZE 255
/* Wrap-up (Webex WrapUpResourceRequest): auxCodeId at most 36 characters,
 * wrapUpReason 1..128 characters. */
#define LCC__WRAPUP_CODE_MAX 36
#define LCC__WRAPUP_REASON_MAX 128

typedef struct lcc__ob_facts {
    int agent_exists;
    int tenant_digital;     /* OB-LICENSE: the tenant has digital channels */
    int digital_license;    /* OB-LICENSE: premium agent license with digital channels */
    uint32_t media;         /* OB-PROFILE: channels the multimedia profile handles (bits) */
    uint32_t auto_assigned; /* OB-AUTOASSIGN: channels assigned automatically (bits) */
    lcc_channel channel;    /* SMS or email; any other is refused (OB-PROFILE) */
    const char *entry_point_id;     /* OB-ENTRYPOINT: NULL when none is chosen */
    int entry_point_exists;
    lcc_channel entry_point_channel;
    size_t entry_points_for_channel; /* how many the tenant has for the channel */
    size_t n_recipients;    /* OB-TO: exactly one */
    int has_body;           /* a message needs a text */
    const lcc_text_metrics *body; /* TXT-LIMITS; NULL when there is no body */
} lcc__ob_facts;

/* Appends an entry for every rule the facts break (OB-LICENSE, OB-PROFILE,
 * OB-AUTOASSIGN, OB-ENTRYPOINT, OB-TO for the count, TXT-LIMITS). */
void lcc__rules_ob(lcc_report *r, const lcc__ob_facts *f);

/* OB-TO for one address: an SMS goes to an international number (read as
 * lcc_phone_normalize() does without a default region, no extension),
 * written in E.164; an email to an address `local@domain` (dot-atom local
 * part of at most 64 bytes, a domain of at least two LDH labels of at most
 * 63 bytes each, at most 254 bytes in all), written as given with the
 * domain in lower case.  `out` has room for LCC__EMAIL_SIZE bytes.  On
 * failure an entry for field "recipients" is added and LCC_EBADNUMBER (SMS)
 * or LCC_EINVAL (email, other channels) returned. */
lcc_status lcc__rules_ob_address(lcc_report *r, char *out, lcc_channel channel,
                                 const char *address);

/* 1 when `bit` (LCC_CHANNEL_BIT) names only SMS and email channels. */
#define LCC__OB_CHANNELS ((UINT32_C(1) << LCC_CHANNEL_SMS) | (UINT32_C(1) << LCC_CHANNEL_EMAIL))

/* A wrap-up (OB-WRAPUP, SL-END): a code (1..36 characters) and a reason
 * (1..128 characters), both valid UTF-8 without control characters;
 * `reason` may be NULL when `reason_required` is 0.  Entries name `rule`. */
void lcc__rules_wrapup(lcc_report *r, const char *rule, const char *code, const char *reason,
                       int reason_required);

#endif
