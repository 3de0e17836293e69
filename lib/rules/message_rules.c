#include "rules/message_rules.h"

#include <stdio.h>
#include <string.h>

#include "contactcore/agent.h"
#include "core/utf8.h"
#include "phone/phone.h"

#define ERR LCC_SEVERITY_ERROR

const char *lcc__channel_name(lcc_channel c)
{
    switch (c) {
    case LCC_CHANNEL_SMS: return "SMS";
    case LCC_CHANNEL_WHATSAPP: return "WhatsApp";
    case LCC_CHANNEL_EMAIL: return "email";
    case LCC_CHANNEL_OPEN: return "open messaging";
    case LCC_CHANNEL_WEB: return "web messaging";
    case LCC_CHANNEL_FACEBOOK: return "Facebook";
    case LCC_CHANNEL_INSTAGRAM: return "Instagram";
    case LCC_CHANNEL_X: return "X";
    case LCC_CHANNEL_SOCIAL_PUBLIC: return "a public social reply";
    }
    return "an unknown channel";
}

/* OBQ-RECIPIENTS (at least one) and TXT-LIMITS, shared by every kind
 * sent to recipients from a queue or a number. */
static void recipients_and_body(lcc_report *r, size_t n_recipients, int has_body,
                                const lcc_text_metrics *body, lcc_channel channel)
{
    if (n_recipients == 0)
        lcc__report_add(r, "OBQ-RECIPIENTS", "recipients", LCC_EINVAL, ERR,
                        "Add at least one recipient.");
    if (!has_body)
        lcc__report_add(r, "TXT-LIMITS", "body", LCC_EINVAL, ERR, "The message has no text.");
    else if (body && body->over_limit)
        lcc__report_add(r, "TXT-LIMITS", "body", LCC_ERANGE, ERR,
                        "The text is %llu characters too long for %s (at most %llu).",
                        (unsigned long long)-body->remaining, lcc__channel_name(channel),
                        (unsigned long long)body->limit);
}

void lcc__rules_obq(lcc_report *r, const lcc__obq_facts *f)
{
    if (!f->agent_exists)
        lcc__report_add(r, "OBQ-PERM", "agent", LCC_EPERM, ERR, "The sending agent does not exist.");
    else if (!f->has_message_create || !f->has_queue_view)
        lcc__report_add(r, "OBQ-PERM", "agent", LCC_EPERM, ERR,
                        "Sending a message on behalf of a queue needs the permission%s %s%s%s.",
                        !f->has_message_create && !f->has_queue_view ? "s" : "",
                        f->has_message_create ? "" : "conversation:message:create",
                        !f->has_message_create && !f->has_queue_view ? " and " : "",
                        f->has_queue_view ? "" : "routing:queue:view");
    if (!f->queue_id)
        lcc__report_add(r, "OBQ-MEMBER", "queue", LCC_ENOTFOUND, ERR,
                        "Choose the queue to send on behalf of.");
    else if (!f->queue_exists)
        lcc__report_add(r, "OBQ-MEMBER", "queue", LCC_ENOTFOUND, ERR,
                        "Queue \"%.100s\" does not exist.", f->queue_id);
    else if (f->agent_exists && !f->agent_is_member)
        lcc__report_add(r, "OBQ-MEMBER", "queue", LCC_ENOTALLOWED, ERR,
                        "You can send only on behalf of your own queues; you are not a member of "
                        "\"%.100s\".",
                        f->queue_id);
    if (f->channel != LCC_CHANNEL_SMS && f->channel != LCC_CHANNEL_WHATSAPP)
        lcc__report_add(r, "OBQ-CHANNELS", "channel", LCC_ENOTSUP, ERR,
                        "Messages on behalf of a queue can be sent by SMS or WhatsApp, not by %s.",
                        lcc__channel_name(f->channel));
    recipients_and_body(r, f->n_recipients, f->has_body, f->body, f->channel);
}

/* WhatsApp (OBQ-WHATSAPP): the digits of `address` after an optional '+',
 * with the usual separators ignored; 0 when something else is in it. */
static int plain_digits(char *out, size_t cap, const char *address, int *plus)
{
    size_t n = 0;
    *plus = 0;
    for (const char *p = address; *p; p++) {
        if (*p == '+' && n == 0 && !*plus)
            *plus = 1;
        else if (*p >= '0' && *p <= '9') {
            if (n + 1 >= cap)
                return 0;
            out[n++] = *p;
        } else if (!strchr(" -.()/", *p))
            return 0;
    }
    out[n] = '\0';
    return n > 0;
}

/* An SMS number in any form the phone module reads, without an extension,
 * into E.164; 0 (and why in err, maybe "") when it is not one. */
static int sms_e164(char *e164, const char *address, const char *default_region, char *err,
                    size_t cap)
{
    lcc__phone ph;
    if (lcc__phone_parse(&ph, address, default_region, err, cap) != LCC_OK || ph.extension[0])
        return 0;
    memcpy(e164, ph.e164, strlen(ph.e164) + 1);
    return 1;
}

lcc_status lcc__rules_obq_address(lcc_report *r, char *e164, lcc_channel channel,
                                  const char *address, const char *default_region)
{
    lcc__phone ph;
    char err[160] = "";
    if (channel == LCC_CHANNEL_SMS) {
        if (sms_e164(e164, address, default_region, err, sizeof err))
            return LCC_OK;
        lcc__report_add(r, "OBQ-RECIPIENTS", "recipients", LCC_EBADNUMBER, ERR,
                        "\"%.60s\" is not a phone number an SMS can be sent to%s%.120s.", address,
                        err[0] ? ": " : "", err);
        return LCC_EBADNUMBER;
    }
    if (channel != LCC_CHANNEL_WHATSAPP) {
        lcc__report_add(r, "OBQ-CHANNELS", "recipients", LCC_EINVAL, ERR,
                        "\"%.60s\": only SMS and WhatsApp addresses can be checked.", address);
        return LCC_EINVAL;
    }
    char digits[40], plus_form[42];
    int plus;
    const char *why = NULL;
    if (!plain_digits(digits, sizeof digits, address, &plus))
        why = "use digits only, starting with the country code";
    else if (!plus && (strncmp(digits, "00", 2) == 0 || strncmp(digits, "011", 3) == 0))
        why = "leave out the international dialling prefix and start with the country code";
    else if (digits[0] == '0')
        why = "start with the country code, not a national 0 prefix";
    if (!why) {
        snprintf(plus_form, sizeof plus_form, "+%s", digits);
        if (lcc__phone_parse(&ph, plus_form, NULL, err, sizeof err) == LCC_OK && !ph.extension[0]) {
            memcpy(e164, ph.e164, strlen(ph.e164) + 1);
            return LCC_OK;
        }
        why = "include the country code and the area code";
    }
    lcc__report_add(r, "OBQ-WHATSAPP", "recipients", LCC_EBADNUMBER, ERR,
                    "\"%.60s\" is not a WhatsApp number: %s.", address, why);
    return LCC_EBADNUMBER;
}

/* ---- OBQ-VERIFY ---- */

int lcc__rules_contact_id_ok(const char *id)
{
    size_t n = id ? strnlen(id, LCC_MAX_TEXT + 1) : 0;
    return n && n <= LCC_MAX_TEXT && lcc__utf8_plain(id, n);
}

void lcc__rules_obq_contact(lcc_report *r, const char *address, const char *contact_id)
{
    if (!lcc__rules_contact_id_ok(contact_id))
        lcc__report_add(r, "OBQ-VERIFY", "recipients", LCC_EINVAL, ERR,
                        "The external contact of \"%.60s\" must be named by an id of 1 to %d "
                        "bytes of text without control characters.",
                        address, LCC_MAX_TEXT);
}

/* ---- agentless messages ---- */

void lcc__rules_agentless(lcc_report *r, char *from_e164, const lcc__agentless_facts *f)
{
    char err[160] = "";
    from_e164[0] = '\0';
    if (!f->by_client && !f->agent_exists)
        lcc__report_add(r, "OBQ-PERM", "agent", LCC_EPERM, ERR, "The sending agent does not exist.");
    else if (!f->by_client && !f->has_message_create)
        lcc__report_add(r, "OBQ-PERM", "agent", LCC_EPERM, ERR,
                        "Sending an agentless message needs the permission "
                        "conversation:message:create.");
    if (f->channel == LCC_CHANNEL_WHATSAPP)
        lcc__report_add(r, "OBQ-CHANNELS", "channel", LCC_ENOTSUP, ERR,
                        "Agentless messages are sent by SMS here: an agentless WhatsApp message "
                        "needs a messaging template, which this library does not build.");
    else if (f->channel != LCC_CHANNEL_SMS)
        lcc__report_add(r, "OBQ-CHANNELS", "channel", LCC_ENOTSUP, ERR,
                        "Agentless messages are sent by SMS, not by %s.",
                        lcc__channel_name(f->channel));
    if (!f->from_address)
        lcc__report_add(r, "OBQ-CHANNELS", "from", LCC_EINVAL, ERR,
                        "Choose the SMS number to send from.");
    else if (!sms_e164(from_e164, f->from_address, NULL, err, sizeof err))
        lcc__report_add(r, "OBQ-CHANNELS", "from", LCC_EBADNUMBER, ERR,
                        "\"%.60s\" is not an international SMS number to send from%s%.120s.",
                        f->from_address, err[0] ? ": " : "", err);
    recipients_and_body(r, f->n_recipients, f->has_body, f->body, f->channel);
}
