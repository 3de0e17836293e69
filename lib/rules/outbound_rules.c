#include "rules/outbound_rules.h"

#include <string.h>

#include "core/utf8.h"
#include "phone/phone.h"
#include "rules/message_rules.h"

#define ERR LCC_SEVERITY_ERROR
#define BIT(c) (UINT32_C(1) << (unsigned)(c))

void lcc__rules_ob(lcc_report *r, const lcc__ob_facts *f)
{
    int ob_channel = f->channel == LCC_CHANNEL_SMS || f->channel == LCC_CHANNEL_EMAIL;
    const char *ch = lcc__channel_name(f->channel);
    if (!f->agent_exists) {
        lcc__report_add(r, "OB-LICENSE", "agent", LCC_EPERM, ERR, "The sending agent does not exist.");
    } else {
        if (!f->tenant_digital)
            lcc__report_add(r, "OB-LICENSE", "agent", LCC_ENOTALLOWED, ERR,
                            "Digital channels are not enabled for this organization, so no "
                            "outbound conversation can be started.");
        if (!f->digital_license)
            lcc__report_add(r, "OB-LICENSE", "agent", LCC_EPERM, ERR,
                            "Outbound SMS and email need a premium agent license with digital "
                            "channels.");
        if (ob_channel && !(f->media & BIT(f->channel)))
            lcc__report_add(r, "OB-PROFILE", "channel", LCC_ENOTALLOWED, ERR,
                            "Your multimedia profile does not handle %s tasks.", ch);
        else if (ob_channel && !(f->auto_assigned & BIT(f->channel)))
            lcc__report_add(r, "OB-AUTOASSIGN", "channel", LCC_ENOTALLOWED, ERR,
                            "%s is assigned to you manually; outbound %s needs it assigned through "
                            "auto-assigned contacts.",
                            f->channel == LCC_CHANNEL_SMS ? "SMS" : "Email", ch);
    }
    if (!ob_channel)
        lcc__report_add(r, "OB-PROFILE", "channel", LCC_ENOTSUP, ERR,
                        "An outbound conversation from an entry point is SMS or email, not %s.", ch);
    if (!f->entry_point_id) {
        if (ob_channel && f->entry_points_for_channel == 0)
            lcc__report_add(r, "OB-ENTRYPOINT", "from", LCC_ENOTFOUND, ERR,
                            "No %s entry point is configured, so no outbound conversation can be "
                            "started.",
                            ch);
        else
            lcc__report_add(r, "OB-ENTRYPOINT", "from", LCC_ENOTFOUND, ERR,
                            "Choose the %s entry point to send from.", ch);
    } else if (!f->entry_point_exists) {
        lcc__report_add(r, "OB-ENTRYPOINT", "from", LCC_ENOTFOUND, ERR,
                        "Entry point \"%.100s\" does not exist.", f->entry_point_id);
    } else if (ob_channel && f->entry_point_channel != f->channel) {
        lcc__report_add(r, "OB-ENTRYPOINT", "from", LCC_EINVAL, ERR,
                        "Entry point \"%.100s\" is for %s, not %s.", f->entry_point_id,
                        lcc__channel_name(f->entry_point_channel), ch);
    }
    if (f->n_recipients != 1)
        lcc__report_add(r, "OB-TO", "recipients", LCC_EINVAL, ERR,
                        f->n_recipients ? "An outbound conversation has one customer: remove all "
                                          "recipients but one."
                                        : "Enter the customer's %s.",
                        f->channel == LCC_CHANNEL_EMAIL ? "email address" : "number");
    if (!f->has_body)
        lcc__report_add(r, "TXT-LIMITS", "body", LCC_EINVAL, ERR, "The message has no text.");
    else if (f->body && f->body->over_limit)
        lcc__report_add(r, "TXT-LIMITS", "body", LCC_ERANGE, ERR,
                        "The text is %llu characters too long for %s (at most %llu).",
                        (unsigned long long)-f->body->remaining, ch,
                        (unsigned long long)f->body->limit);
}

/* ---- OB-TO ---- */

static int atext(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Why `a` is not an email address we send to, or NULL; the domain is
 * lowered into out. */
static const char *email_check(char *out, const char *a)
{
    size_t len = strlen(a);
    const char *at = strrchr(a, '@');
    if (len == 0)
        return "it is empty";
    if (len >= LCC__EMAIL_SIZE)
        return "it is longer than 254 characters";
    if (!at)
        return "it has no @";
    size_t local = (size_t)(at - a);
    if (local == 0 || local > 64)
        return "the part before @ must be 1 to 64 characters";
    for (size_t i = 0; i < local; i++) {
        int c = (unsigned char)a[i];
        if (c == '.') {
            if (i == 0 || i + 1 == local || a[i + 1] == '.')
                return "dots before @ cannot come first, last or twice in a row";
        } else if (!atext(c)) {
            return "the part before @ has a character an address cannot have";
        }
    }
    const char *d = at + 1;
    size_t labels = 0, label = 0;
    for (const char *p = d;; p++) {
        int c = (unsigned char)*p;
        if (c == '.' || c == '\0') {
            if (label == 0)
                return "the domain after @ has an empty part";
            if (p[-1] == '-')
                return "a part of the domain ends with -";
            labels++;
            label = 0;
            if (!c)
                break;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-') {
            if (c == '-' && label == 0)
                return "a part of the domain starts with -";
            if (++label > 63)
                return "a part of the domain is longer than 63 characters";
        } else {
            return "the domain after @ has a character a domain cannot have";
        }
    }
    if (labels < 2)
        return "the domain after @ needs a dot (example.com)";
    memcpy(out, a, len + 1);
    for (char *p = out + local + 1; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return NULL;
}

lcc_status lcc__rules_ob_address(lcc_report *r, char *out, lcc_channel channel,
                                 const char *address)
{
    if (channel == LCC_CHANNEL_SMS) {
        lcc__phone ph;
        char err[160] = "";
        if (lcc__phone_parse(&ph, address, NULL, err, sizeof err) == LCC_OK && !ph.extension[0]) {
            memcpy(out, ph.e164, strlen(ph.e164) + 1);
            return LCC_OK;
        }
        lcc__report_add(r, "OB-TO", "recipients", LCC_EBADNUMBER, ERR,
                        "\"%.60s\" is not an E.164 number an SMS can be sent to%s%.120s.", address,
                        err[0] ? ": " : "", err);
        return LCC_EBADNUMBER;
    }
    if (channel != LCC_CHANNEL_EMAIL) {
        lcc__report_add(r, "OB-TO", "recipients", LCC_EINVAL, ERR,
                        "\"%.60s\": an outbound conversation goes to an SMS number or an email "
                        "address.",
                        address);
        return LCC_EINVAL;
    }
    const char *why = email_check(out, address);
    if (!why)
        return LCC_OK;
    lcc__report_add(r, "OB-TO", "recipients", LCC_EINVAL, ERR,
                    "\"%.80s\" is not an email address: %s.", address, why);
    return LCC_EINVAL;
}

/* ---- wrap-up ---- */

/* Characters in s when it is plain text (lcc__utf8_plain: no C0, DEL or C1
 * controls) of 1..max characters, else 0. */
static size_t text_ok(const char *s, size_t max)
{
    if (!s || !*s || !lcc__utf8_plain(s, strlen(s)))
        return 0;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return n <= max ? n : 0;
}

void lcc__rules_wrapup(lcc_report *r, const char *rule, const char *code, const char *reason,
                       int reason_required)
{
    if (!text_ok(code, LCC__WRAPUP_CODE_MAX))
        lcc__report_add(r, rule, "wrapup_code", LCC_EINVAL, ERR,
                        code && *code ? "The wrap-up code must be at most 36 characters of text."
                                      : "Choose a wrap-up code.");
    if ((reason || reason_required) && !text_ok(reason, LCC__WRAPUP_REASON_MAX))
        lcc__report_add(r, rule, "wrapup_reason", LCC_EINVAL, ERR,
                        reason && *reason
                            ? "The wrap-up reason must be at most 128 characters of text."
                            : "Give the reason for closing the conversation.");
}
