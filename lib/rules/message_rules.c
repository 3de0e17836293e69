#include "rules/message_rules.h"

#include <stdio.h>
#include <string.h>

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
    if (f->n_recipients == 0)
        lcc__report_add(r, "OBQ-RECIPIENTS", "recipients", LCC_EINVAL, ERR,
                        "Add at least one recipient.");
    if (!f->has_body)
        lcc__report_add(r, "TXT-LIMITS", "body", LCC_EINVAL, ERR, "The message has no text.");
    else if (f->body && f->body->over_limit)
        lcc__report_add(r, "TXT-LIMITS", "body", LCC_ERANGE, ERR,
                        "The text is %llu characters too long for %s (at most %llu).",
                        (unsigned long long)-f->body->remaining, lcc__channel_name(f->channel),
                        (unsigned long long)f->body->limit);
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

lcc_status lcc__rules_obq_address(lcc_report *r, char *e164, lcc_channel channel,
                                  const char *address, const char *default_region)
{
    lcc__phone ph;
    char err[160] = "";
    if (channel == LCC_CHANNEL_SMS) {
        if (lcc__phone_parse(&ph, address, default_region, err, sizeof err) == LCC_OK &&
            !ph.extension[0]) {
            memcpy(e164, ph.e164, strlen(ph.e164) + 1);
            return LCC_OK;
        }
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
