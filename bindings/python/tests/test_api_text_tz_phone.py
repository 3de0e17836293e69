"""Text metrics, time zones and phone numbers."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import contactcore as cc
from contactcore import phone, text, tz

UTC = dt.timezone.utc


def test_sms_gsm7_and_ucs2():
    m = text.measure("Hello [world]", cc.Channel.SMS)
    assert m.encoding == cc.TextEncoding.GSM7
    assert m.units == 15  # [ and ] are extension characters: 2 septets each
    assert (m.segments, m.segment_remaining, m.limit, m.remaining) == (1, 145, 765, 750)
    assert not m.over_limit
    u = text.measure("Hello 👋", cc.Channel.SMS)
    assert u.encoding == cc.TextEncoding.UCS2 and u.units == 8
    long = "x" * 200
    assert text.measure(long).segments == 2
    parts = text.sms_segments(long)
    assert [len(p) for p in parts] == [153, 47] and "".join(parts) == long
    assert text.sms_segment_offsets("") == []
    assert text.measure("").segments == 0


def test_other_channels():
    x = text.measure("see https://example.com/a/very/long/path/indeed " + "a", cc.Channel.X)
    assert x.encoding == cc.TextEncoding.WEIGHTED and x.units == 4 + 23 + 2 and x.limit == 280
    email = text.measure("anything", cc.Channel.EMAIL)
    assert email.limit is None and email.remaining is None and not email.over_limit
    insta = text.measure("é" * 1001, cc.Channel.INSTAGRAM)
    assert insta.over_limit and insta.remaining == -1
    assert text.measure(b"caf\xc3\xa9", cc.Channel.WHATSAPP).units == 4


def test_invalid_utf8_is_refused():
    with pytest.raises(cc.InvalidArgumentError) as ei:
        text.measure(b"\xff\xfe")
    assert isinstance(ei.value, ValueError) and ei.value.status == cc.Status.EINVAL
    with pytest.raises(cc.InvalidArgumentError):
        text.sms_segments(b"\xc0\x80")


@pytest.fixture
def ctx():
    with cc.Context() as c:
        yield c


def test_zone_names_and_check(ctx):
    names = ctx.zone_names()
    assert "Europe/Paris" in names and "UTC" in names and names == sorted(names)
    ctx.check_zone(ZoneInfo("America/New_York"))
    with pytest.raises(cc.UnknownZoneError) as ei:
        tz.check(ctx, "Mars/Olympus")
    assert "Mars/Olympus" in str(ei.value)


def test_convert_instants(ctx):
    instant = dt.datetime(2026, 7, 1, 12, 0, 0, 250000, tzinfo=UTC)
    local = ctx.to_local(instant, "Europe/Paris")
    assert local.replace(tzinfo=None) == dt.datetime(2026, 7, 1, 14, 0, 0, 250000)
    assert local.utcoffset() == dt.timedelta(hours=2) and local.tzname() == "Europe/Paris"
    assert local == instant
    assert tz.convert(ctx, instant, ZoneInfo("Asia/Kolkata")).utcoffset() == \
        dt.timedelta(hours=5, minutes=30)
    back = ctx.to_utc(dt.datetime(2026, 7, 1, 14, 0), "Europe/Paris")
    assert back == dt.datetime(2026, 7, 1, 12, 0, tzinfo=UTC) and back.tzinfo is UTC
    aware = dt.datetime(2026, 1, 15, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    assert ctx.to_utc(aware) == dt.datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        ctx.to_local(dt.datetime(2026, 1, 1), "UTC")  # a naive datetime is not an instant


def test_gap_and_fold(ctx):
    gap = dt.datetime(2026, 3, 29, 2, 30)  # Paris springs forward at 02:00
    assert ctx.to_utc(gap, "Europe/Paris") == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    with pytest.raises(cc.NonexistentTimeError) as ei:
        ctx.to_utc(gap, "Europe/Paris", cc.Disambiguation.REJECT)
    assert ei.value.suggestion == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    fold = dt.datetime(2026, 10, 25, 2, 30)  # falls back at 03:00
    earlier = ctx.to_utc(fold, "Europe/Paris", cc.Disambiguation.EARLIER)
    later = ctx.to_utc(fold, "Europe/Paris", cc.Disambiguation.LATER)
    assert later - earlier == dt.timedelta(hours=1)
    with pytest.raises(cc.AmbiguousTimeError) as ei:
        ctx.to_utc(fold, "Europe/Paris", cc.Disambiguation.REJECT)
    assert ei.value.suggestion == earlier


def test_wire_format():
    when = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert tz.format_time(when) == "2026-11-23T09:00:00.000Z"
    assert tz.parse_time("2026-11-23T10:00:00+01:00") == when
    with pytest.raises(cc.InvalidArgumentError):
        tz.parse_time("2026-11-23 10:00")  # no offset


def test_phone_normalize(ctx):
    assert ctx.normalize_phone("01 42 68 53 00", "FR") == ("+33142685300", "")
    n = phone.normalize(ctx, "tel:+1-212-555-0100;ext=42")
    assert n.e164 == "+12125550100" and n.extension == "42" and str(n).endswith(";ext=42")
    with pytest.raises(cc.BadNumberError) as ei:
        ctx.normalize_phone("01 42 68 53 00")
    assert "default country" in str(ei.value) and ei.value.status == cc.Status.EBADNUMBER
    with pytest.raises(cc.InvalidArgumentError):
        ctx.normalize_phone("call me", "FR")
    assert phone.metadata_version()


def test_phone_validator_hook(ctx):
    calls = []

    def only_mobiles(e164, region):
        calls.append((e164, region))
        return True if e164.startswith("+336") else f"{e164} is not a mobile number"

    ctx.set_phone_validator(only_mobiles)
    assert ctx.normalize_phone("06 12 34 56 78", "FR").e164 == "+33612345678"
    with pytest.raises(cc.BadNumberError, match="not a mobile number"):
        ctx.normalize_phone("01 42 68 53 00", "FR")
    assert calls == [("+33612345678", "FR"), ("+33142685300", "FR")]
    ctx.set_phone_validator(None)
    assert ctx.normalize_phone("01 42 68 53 00", "FR").e164 == "+33142685300"
