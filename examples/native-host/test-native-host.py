#!/usr/bin/python3
"""Protocol tests of contactcore-native-host without a browser.

Speaks the native-messaging framing (32-bit native-order length, UTF-8
JSON) to the host on pipes, as Chromium does: every method's success and
refusal, events on a long-lived port, the origin check, the configuration,
malformed and oversized frames, end of input in the middle of a message, a
closed stdout, replies at the 1 MiB limit, install/uninstall into a
temporary profile and HOME, the permission rules (CB-PERM, CB-CANCEL,
OBQ-PERM, OBQ-MEMBER, SL-PERM) as agents the command-line tool added, and
the HTTP backend against tests/server/gcserver.py (secrets and tokens the
server echoes never shown).  Every wait has a deadline: a hang fails the test
instead of blocking the suite.  Standard library only.

Usage: test-native-host.py HOST_EXE TESTS_DIR curl=0|1
"""

import datetime as dt
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import unittest
from zoneinfo import ZoneInfo

HOST = os.path.abspath(sys.argv[1])
TESTS = sys.argv[2] if len(sys.argv) > 2 else ""
CURL = "curl=1" in sys.argv[3:]
sys.path.insert(0, os.path.join(TESTS, "server"))
from gcprocess import GcServer  # noqa: E402
# The command-line tool of the same build prepares the engine's directory
# (contactcore directory ...): agents without a permission or a queue.
CLI = os.environ.get("CONTACTCORE_CLI") or os.path.normpath(
    os.path.join(os.path.dirname(HOST), os.pardir, "cli", "contactcore"))
ORIGIN = "chrome-extension://" + "a" * 32 + "/"
EXT_ID = "b" * 32
TIMEOUT = 60  # seconds for one reply (sanitizer builds are slow)
PARIS = ZoneInfo("Europe/Paris")


def frame(obj):
    b = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return struct.pack("=I", len(b)) + b


def day(n, zone=PARIS):
    return (dt.datetime.now(zone) + dt.timedelta(days=n)).strftime("%Y-%m-%d")


class Host:
    """One host process with its pipes; reads replies with deadlines."""

    def __init__(self, root, config=None, args=None, env=None, origin=ORIGIN):
        self.root = root
        e = {"PATH": "/usr/bin:/bin", "HOME": os.path.join(root, "home"),
             "XDG_CONFIG_HOME": os.path.join(root, "xdg-config"),
             "XDG_DATA_HOME": os.path.join(root, "xdg-data"), "LANG": "C.UTF-8"}
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                e[k] = os.environ[k]
        e.update(env or {})
        argv = [HOST]
        if config is not None:
            argv += ["--config", config]
        if args is not None:
            argv += args
        elif origin is not None:
            argv.append(origin)
        self.stderr_path = os.path.join(root, "stderr-%d.log" % time.monotonic_ns())
        self.err = open(self.stderr_path, "wb")
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.err, env=e)
        self.buf = b""
        self.events = []
        self.next_id = 1

    # -- raw I/O --
    def write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        self.write(frame(obj))

    def read_exact(self, n, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        fd = self.p.stdout.fileno()
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no reply within %ss" % timeout)
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self, timeout=TIMEOUT):
        """The next message (a dict), or None at EOF."""
        h = self.read_exact(4, timeout)
        if h is None:
            return None
        n, = struct.unpack("=I", h)
        body = self.read_exact(n, timeout)
        if body is None:
            raise AssertionError("EOF inside a message from the host")
        return json.loads(body.decode("utf-8"))

    def reply(self, rid=None, timeout=TIMEOUT):
        """The reply with this id (events before it are kept in self.events)."""
        while True:
            m = self.recv(timeout)
            if m is None:
                raise AssertionError("the host closed stdout before replying; stderr: "
                                     + self.stderr())
            if "event" in m and "id" not in m:
                self.events.append(m)
                continue
            if rid is None or m.get("id") == rid:
                return m

    def call(self, method, params=None, timeout=TIMEOUT):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params or {}})
        return self.reply(rid, timeout)

    def ok(self, method, params=None):
        r = self.call(method, params)
        if "result" not in r:
            raise AssertionError("%s %s: %s" % (method, params, r))
        return r["result"]

    def error(self, method, params=None):
        r = self.call(method, params)
        if "error" not in r:
            raise AssertionError("%s %s: expected an error, got %s" % (method, params, r))
        return r["error"]

    def wait_event(self, pred, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if pred(e):
                    return e
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no such event; got %s" % self.events)
            m = self.recv(left)
            if m is None:
                raise AssertionError("EOF waiting for an event")
            self.events.append(m)

    def close(self, timeout=TIMEOUT):
        """Closes stdin; the exit status (a hang fails)."""
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise AssertionError("the host did not exit after its stdin closed")
        self.p.stdout.close()
        self.err.close()
        return rc

    def wait(self, timeout=TIMEOUT):
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise AssertionError("the host did not exit")

    def stderr(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()
        for f in (self.p.stdin, self.p.stdout, self.err):
            try:
                f.close()
            except (BrokenPipeError, OSError):
                pass


class Case(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="nh-test-")
        self.hosts = []
        self.store = os.path.join(self.root, "engine.db")
        self.config = self.write_config({})

    def tearDown(self):
        for h in self.hosts:
            h.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def write_config(self, extra, name="native-host.json"):
        cfg = {"backend": "engine", "store": self.store, "allowed_origins": [ORIGIN]}
        cfg.update(extra)
        path = os.path.join(self.root, name)
        with open(path, "w") as f:
            json.dump(cfg, f)
        return path

    def host(self, config="default", **kw):
        h = Host(self.root, self.config if config == "default" else config, **kw)
        self.hosts.append(h)
        return h

    def assertClean(self, h, code=0):
        rc = h.close()
        self.assertEqual(rc, code, h.stderr())
        self.assertNotIn("AddressSanitizer", h.stderr())
        self.assertNotIn("runtime error", h.stderr())

    def assertExit(self, h, code):
        rc = h.wait()
        self.assertEqual(rc, code, h.stderr())
        self.assertNotIn("AddressSanitizer", h.stderr())

    @staticmethod
    def rules(err_or_result):
        return [(e["rule"], e["field"]) for e in err_or_result.get("report", [])]


class Methods(Case):
    def test_hello_and_help(self):
        h = self.host()
        r = h.ok("hello")
        self.assertEqual(r["backend"], "engine")
        self.assertEqual(r["agent"]["id"], "demo-agent")
        self.assertEqual(r["agent"]["time_zone"], "Europe/Paris")
        self.assertEqual(r["demo"]["conversation_id"], "demo-call-1")
        self.assertEqual(r["max_reply_bytes"], 1 << 20)
        self.assertRegex(r["version"], r"^\d+\.\d+\.\d+$")
        self.assertClean(h)
        out = subprocess.run([HOST, "--help"], capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(out.returncode, 0)
        for word in ("allowed_origins", "max_request_bytes", "\"demo\"", "LCC_CLIENT_ID",
                     "--user-data-dir", "native-host.json", "Exit status"):
            self.assertIn(word, out.stdout)

    def test_callback_defaults_validate_schedule(self):
        h = self.host()
        before = dt.datetime.now(PARIS) + dt.timedelta(minutes=30)
        d = h.ok("callback.defaults")
        after = dt.datetime.now(PARIS) + dt.timedelta(minutes=30)
        self.assertEqual(d["conversation_id"], "demo-call-1")
        self.assertEqual(d["time_zone"], "Europe/Paris")
        self.assertEqual(d["number"], "+33 1 42 68 53 00")
        self.assertEqual(d["queue_id"], "demo-support")
        self.assertEqual([q["id"] for q in d["queues"]], ["demo-support", "demo-sales"])
        self.assertIn((d["date"], d["time"]), {(t.strftime("%Y-%m-%d"), t.strftime("%H:%M"))
                                               for t in (before, after)})
        self.assertEqual((d["route_to_me"], d["take_ownership"]), (False, False))

        # 31 days out: the report, entry by entry, never an error
        v = h.ok("callback.validate", {"date": day(31), "time": "10:00"})
        self.assertFalse(v["ok"])
        horizon = [e for e in v["report"] if e["rule"] == "CB-HORIZON"]
        self.assertEqual(len(horizon), 1, v)
        self.assertEqual(horizon[0]["field"], "date")
        self.assertEqual((horizon[0]["severity"], horizon[0]["code"]), ("error", "ERANGE"))
        self.assertIn("30 days", horizon[0]["message"])
        self.assertEqual((horizon[0]["line"], horizon[0]["column"]), (0, 0))
        # several problems at once, each next to its field
        v = h.ok("callback.validate", {"date": day(31), "time": "10:00", "number": "12",
                                       "take_ownership": True})
        self.assertTrue({("CB-HORIZON", "date"), ("CB-OWN-HORIZON", "date"),
                         ("CB-NUMBER", "number")} <= set(self.rules(v)), v)
        v = h.ok("callback.validate", {"time_zone": "Mars/Olympus"})
        self.assertIn(("CB-TZ", "time_zone"), self.rules(v))
        self.assertIsNone(v["draft"]["date"])  # no date in a zone that does not exist
        v = h.ok("callback.validate", {"date": day(2), "time": "10:00"})
        self.assertTrue(v["ok"], v)
        self.assertEqual(v["draft"]["date"], day(2))

        # schedule: refused 31 days out (EVALIDATION, the report), then done
        e = h.error("callback.schedule", {"date": day(31), "time": "10:00"})
        self.assertEqual(e["code"], "EVALIDATION")
        self.assertIn(("CB-HORIZON", "date"), self.rules(e))
        self.assertTrue(e["message"].startswith("CB-HORIZON: "), e)
        s = h.ok("callback.schedule", {"date": day(2), "time": "10:00",
                                       "time_zone": "America/New_York",
                                       "queue_id": "demo-sales"})
        self.assertEqual(s["local"], day(2) + " 10:00")
        self.assertEqual((s["time_zone"], s["queue_id"], s["number"]),
                         ("America/New_York", "demo-sales", "+33142685300"))
        self.assertRegex(s["scheduled"], r"^\d{4}-\d\d-\d\dT1[45]:00:00Z$")
        # the second for the same conversation: CB-SINGLE
        e = h.error("callback.schedule", {"date": day(3), "time": "11:00"})
        self.assertEqual(e["code"], "EVALIDATION")
        self.assertIn("CB-SINGLE", [r for r, _ in self.rules(e)])
        # events of the schedule came after its reply
        h.wait_event(lambda m: m["event"] == "callback.created"
                     and m["data"]["callback_id"] == s["id"])
        self.assertClean(h)

        # a new process (sendNativeMessage starts one per call): still CB-SINGLE,
        # now from the engine's store
        h = self.host()
        e = h.error("callback.schedule", {"date": day(3), "time": "11:00"})
        self.assertIn("CB-SINGLE", [r for r, _ in self.rules(e)])
        self.assertClean(h)

    def test_callback_input_refusals(self):
        h = self.host()
        e = h.error("callback.validate", {"date": "2026-02-30", "time": "24:00"})
        self.assertEqual(e["code"], "EINVAL")
        self.assertEqual(self.rules(e), [("INPUT", "date"), ("INPUT", "time")])
        e = h.error("callback.validate", {"date": 20261123})
        self.assertEqual((e["code"], self.rules(e)), ("EINVAL", [("INPUT", "date")]))
        e = h.error("callback.validate", {"conversation_id": "no-such-call", "date": day(2)})
        self.assertEqual(e["code"], "ENOTFOUND")
        e = h.error("callback.schedule", {"route_to_me": "yes"})
        self.assertEqual(self.rules(e), [("INPUT", "route_to_me")])
        self.assertClean(h)

    def test_callback_list_reschedule_cancel(self):
        h = self.host()
        s = h.ok("callback.schedule", {"date": day(2), "time": "10:00"})
        lst = h.ok("callback.list")
        self.assertEqual(lst["total"], 1)
        c = lst["callbacks"][0]
        self.assertEqual((c["id"], c["state"], c["queue_id"], c["number"], c["agent_id"]),
                         (s["id"], "scheduled", "demo-support", "+33142685300", "demo-agent"))
        self.assertEqual(h.ok("callback.list", {"queue_id": "demo-sales"})["total"], 0)
        self.assertEqual(h.ok("callback.list", {"state": "cancelled"})["total"], 0)
        e = h.error("callback.list", {"state": "sleeping"})
        self.assertEqual(self.rules(e), [("INPUT", "state")])
        e = h.error("callback.list", {"limit": 5000})
        self.assertEqual(self.rules(e), [("INPUT", "limit")])

        r = h.ok("callback.reschedule", {"id": s["id"], "date": day(3), "time": "09:15"})
        self.assertEqual((r["id"], r["local"], r["time_zone"], r["queue_id"]),
                         (s["id"], day(3) + " 09:15", "Europe/Paris", "demo-support"))
        e = h.error("callback.reschedule", {"id": s["id"], "date": day(31), "time": "09:15"})
        self.assertEqual(e["code"], "EVALIDATION")
        self.assertIn("CB-HORIZON", [x for x, _ in self.rules(e)])
        e = h.error("callback.reschedule", {"id": s["id"], "date": day(3)})
        self.assertEqual(self.rules(e), [("INPUT", "time")])
        e = h.error("callback.reschedule", {"id": "no-such", "date": day(3), "time": "09:00"})
        self.assertEqual(e["code"], "ENOTFOUND")
        e = h.error("callback.reschedule", {"id": s["id"], "date": day(3), "time": "09:00",
                                            "time_zone": "Nowhere/Town"})
        self.assertEqual((e["code"], self.rules(e)), ("EUNKNOWN_ZONE", [("INPUT", "time_zone")]))

        c = h.ok("callback.cancel", {"id": s["id"]})
        self.assertEqual(c, {"id": s["id"], "state": "cancelled"})
        e = h.error("callback.cancel", {"id": s["id"]})
        self.assertEqual(e["code"], "EVALIDATION")
        self.assertIn("CB-CANCEL", [x for x, _ in self.rules(e)])
        self.assertEqual(h.error("callback.cancel", {"id": "no-such"})["code"], "ENOTFOUND")
        self.assertEqual(self.rules(h.error("callback.cancel")), [("INPUT", "id")])
        self.assertEqual(h.ok("callback.list", {"state": "cancelled"})["total"], 1)
        h.wait_event(lambda m: m["event"] == "engine.cancelled")
        self.assertClean(h)

    def test_text_measure(self):
        h = self.host()
        # GSM-7: the euro sign weighs 2 septets
        m = h.ok("text.measure", {"text": "Price 10 €"})
        self.assertEqual((m["channel"], m["encoding"], m["unit"]), ("sms", "gsm7", "septets"))
        self.assertEqual((m["length"], m["segments"], m["remaining_in_segment"]), (11, 1, 149))
        self.assertEqual((m["limit"], m["remaining"], m["over_limit"]), (765, 754, False))
        # 159 + 2 septets: two segments of 153; the escape pair is not cut
        m = h.ok("text.measure", {"text": "a" * 159 + "€", "channel": "sms"})
        self.assertEqual((m["encoding"], m["length"], m["segments"]), ("gsm7", 161, 2))
        self.assertEqual((m["remaining_in_segment"], m["segment_offsets"]), (145, [0, 153]))
        # UCS-2: 70 units in one segment, 67 in each of several
        m = h.ok("text.measure", {"text": "Привет"})
        self.assertEqual((m["encoding"], m["unit"], m["length"], m["segments"],
                          m["remaining_in_segment"]), ("ucs2", "units", 6, 1, 64))
        m = h.ok("text.measure", {"text": "Ж" * 71})
        self.assertEqual((m["length"], m["segments"], m["remaining_in_segment"]), (71, 2, 63))
        m = h.ok("text.measure", {"text": "Hi 😀"})  # a surrogate pair: 2 units
        self.assertEqual((m["encoding"], m["length"]), ("ucs2", 5))
        m = h.ok("text.measure", {"text": "hello", "channel": "email"})
        self.assertEqual((m["encoding"], m["limit"], m["remaining"]), ("none", None, None))
        m = h.ok("text.measure", {"text": "see https://example.com", "channel": "twitter"})
        self.assertEqual((m["channel"], m["unit"], m["length"], m["limit"]),
                         ("x", "weighted", 27, 280))
        m = h.ok("text.measure", {"text": ""})
        self.assertEqual((m["length"], m["segments"]), (0, 0))
        self.assertEqual(self.rules(h.error("text.measure", {"text": "x", "channel": "fax"})),
                         [("INPUT", "channel")])
        self.assertEqual(self.rules(h.error("text.measure", {})), [("INPUT", "text")])
        self.assertClean(h)

    def test_message_send_and_events(self):
        h = self.host()
        r = h.ok("message.send", {"queue_id": "demo-support", "to": "+44 7700 900123",
                                  "text": "Your parcel is on its way."})
        self.assertEqual((r["state"], r["to"]), ("queued", "+447700900123"))
        self.assertTrue(r["conversation_id"] and r["message_id"])
        # delivery goes on after the reply: events on the long-lived port
        h.wait_event(lambda m: m["event"] == "engine.message"
                     and m["data"].get("message_id") == r["message_id"]
                     and m["data"]["state"] == "delivered", timeout=30)
        states = [m["data"]["state"] for m in h.events if m["event"] == "engine.message"
                  and m["data"].get("message_id") == r["message_id"]]
        self.assertEqual(states, ["queued", "sent", "delivered"])
        # the backend refuses a second conversation with the contact
        e = h.error("message.send", {"queue_id": "demo-support", "to": "+447700900123",
                                     "text": "again"})
        self.assertEqual(e["code"], "EVALIDATION")
        self.assertIn("OBQ-EXISTING", [x for x, _ in self.rules(e)])
        # the rules refuse before any request, every problem at once
        e = h.error("message.send", {"queue_id": "demo-nowhere", "to": "12345", "text": ""})
        self.assertEqual(e["code"], "EVALIDATION")
        rules = {x for x, _ in self.rules(e)}
        self.assertTrue({"OBQ-MEMBER", "OBQ-RECIPIENTS"} <= rules, e)
        self.assertEqual(self.rules(h.error("message.send", {
            "queue_id": "demo-support", "to": "+447700900124", "text": "x",
            "channel": "email"})), [("INPUT", "channel")])
        self.assertEqual(self.rules(h.error("message.send", {"to": "+447700900124",
                                                             "text": "x"})),
                         [("INPUT", "queue_id")])
        self.assertClean(h)

    def test_social_reply(self):
        h = self.host()
        demo = h.ok("hello")["demo"]
        conv = demo["social_conversation_id"]
        r = h.ok("social.reply", {"conversation_id": conv,
                                  "text": "Sorry about the wait: it ships today."})
        self.assertEqual((r["visibility"], r["state"]), ("public", "queued"))
        self.assertTrue(r["message_id"])
        r = h.ok("social.reply", {"conversation_id": conv, "text": "Your order number?",
                                  "private": True})
        self.assertEqual(r["visibility"], "private")
        e = h.error("social.reply", {"conversation_id": conv, "text": "x" * 2001})
        self.assertEqual(e["code"], "EVALIDATION")
        self.assertIn("SL-LIMIT", [x for x, _ in self.rules(e)])
        e = h.error("social.reply", {"conversation_id": "elsewhere", "text": "hi"})
        self.assertEqual(self.rules(e), [("INPUT", "channel")])
        self.assertEqual(self.rules(h.error("social.reply", {"text": "hi"})),
                         [("INPUT", "conversation_id")])
        self.assertClean(h)

    def test_tz(self):
        h = self.host()
        zones = h.ok("tz.list", {"prefix": "Europe/"})["zones"]
        self.assertIn("Europe/Paris", zones)
        self.assertTrue(all(z.startswith("Europe/") for z in zones))
        self.assertEqual(zones, sorted(zones))
        self.assertGreater(len(h.ok("tz.list")["zones"]), 300)
        r = h.ok("tz.convert", {"date": "2026-11-23", "time": "10:00", "from": "Europe/Paris",
                                "to": "America/New_York"})
        self.assertEqual(r, {"date": "2026-11-23", "time": "04:00", "to": "America/New_York",
                             "instant": "2026-11-23T09:00:00Z"})
        r = h.ok("tz.convert", {"date": "2026-03-29", "time": "02:30", "from": "Europe/Paris",
                                "to": "UTC"})
        self.assertEqual((r["time"], "warning" in r), ("01:30", True))
        e = h.error("tz.convert", {"date": "2026-11-23", "time": "10:00", "from": "Mars/Base",
                                   "to": "UTC"})
        self.assertEqual((e["code"], self.rules(e)), ("EUNKNOWN_ZONE", [("INPUT", "from")]))
        e = h.error("tz.convert", {"date": "23/11/2026", "time": "10:00", "from": "UTC",
                                   "to": "UTC"})
        self.assertEqual(self.rules(e), [("INPUT", "date")])
        self.assertClean(h)

    def test_ping_and_reply_limit(self):
        h = self.host()
        data = {"a": [1, 2.5, -3, True, None, "é\n\t\"\\"], "b": {"c": "d"}}
        self.assertEqual(h.ok("ping", {"data": data}), {"data": data})
        # strings of every kind of character, at every alignment, come back as sent
        import random
        rnd = random.Random(8)
        alphabet = ([chr(c) for c in range(1, 0x80)] + ["é", "€", "Ж", "😀", "\u2028", "\ufffd"]
                    + ["a"] * 60)
        texts = ["".join(rnd.choice(alphabet) for _ in range(n)) for n in range(0, 70)]
        texts += ["x" * k + '"' + "y" * 9 for k in range(9)] + ["\\" * 17, "\x7f" * 9]
        self.assertEqual(h.ok("ping", {"data": texts}), {"data": texts})
        # a reply of exactly 1 MiB goes out; one byte more is ETOOBIG
        overhead = len(json.dumps({"id": 99, "result": {"pad": ""}}, separators=(",", ":")))
        h.next_id = 99
        r = h.ok("ping", {"pad": (1 << 20) - overhead})
        self.assertEqual(len(r["pad"]), (1 << 20) - overhead)
        e = h.error("ping", {"pad": (1 << 20) - overhead + 1})
        self.assertEqual(e["code"], "ETOOBIG")
        e = h.error("ping", {"pad": 8 << 20})
        self.assertEqual(e["code"], "ETOOBIG")
        self.assertEqual(h.ok("ping"), {})  # and the host goes on
        deep = {}
        for _ in range(40):
            deep = {"x": deep}
        self.assertEqual(self.rules(h.error("ping", {"data": deep})), [("INPUT", "data")])
        self.assertClean(h)


class Requests(Case):
    def test_unknown_method_and_bad_requests(self):
        h = self.host()
        e = h.error("callback.explode")
        self.assertEqual(e["code"], "ENOMETHOD")
        h.send({"id": "str-7", "method": "hello"})
        self.assertEqual(h.reply()["id"], "str-7")
        for bad in ([1, 2], "hello", {"method": "hello"}, {"id": None, "method": "hello"},
                    {"id": [1], "method": "hello"}):
            h.send(bad)
            r = h.reply()
            self.assertEqual((r["id"], r["error"]["code"]), (None, "EINVAL"), bad)
        h.send({"id": 5, "method": 12})
        self.assertEqual(h.reply(5)["error"]["code"], "EINVAL")
        h.send({"id": 6, "method": "hello", "params": [1]})
        self.assertEqual(h.reply(6)["error"]["code"], "EINVAL")
        h.send({"id": 7, "method": "hello", "params": None})
        self.assertIn("result", h.reply(7))
        self.assertClean(h)

    def test_malformed_frames_the_host_survives(self):
        h = self.host()
        # invalid JSON in a whole frame: EINVAL, then the next message works
        h.write(frame(b'{"id": 1, "method": '))
        r = h.reply()
        self.assertEqual((r["id"], r["error"]["code"]), (None, "EINVAL"))
        self.assertIn("JSON", r["error"]["message"])
        # invalid UTF-8 (a lone continuation byte, an overlong form, a surrogate)
        for raw in (b'{"id": 2, "method": "hello", "x": "\x80"}',
                    b'{"id": 2, "method": "hello", "x": "\xc0\xaf"}',
                    b'{"id": 2, "method": "hello", "x": "\xed\xa0\x80"}'):
            h.write(frame(raw))
            r = h.reply()
            self.assertEqual((r["id"], r["error"]["code"]), (None, "EINVAL"))
            self.assertIn("UTF-8", r["error"]["message"])
        h.write(frame(b""))  # an empty message
        self.assertEqual(h.reply()["error"]["code"], "EINVAL")
        # several messages in one write, and one split across writes
        h.write(frame({"id": 10, "method": "ping"}) + frame({"id": 11, "method": "ping"}))
        self.assertEqual([h.reply()["id"], h.reply()["id"]], [10, 11])
        f = frame({"id": 12, "method": "ping", "params": {"data": "x" * 100000}})
        for i in range(0, len(f), 7001):
            h.write(f[i:i + 7001])
            time.sleep(0.001)
        self.assertEqual(len(h.reply(12)["result"]["data"]), 100000)
        self.assertEqual(h.ok("hello")["backend"], "engine")
        self.assertIn("not valid UTF-8", h.stderr())
        self.assertClean(h)

    def test_truncated_length(self):
        h = self.host()
        self.assertIn("result", h.call("ping"))
        h.write(b"\x10\x00")  # two bytes of a length, then EOF
        rc = h.close()
        self.assertEqual(rc, 1, h.stderr())
        self.assertIn("in the middle of a message", h.stderr())
        self.assertNotIn("AddressSanitizer", h.stderr())

    def test_eof_mid_frame(self):
        h = self.host()
        h.write(struct.pack("=I", 1000) + b'{"id": 1, "method": "he')
        rc = h.close()
        self.assertEqual(rc, 1, h.stderr())
        self.assertIn("(23 of 1000 bytes)", h.stderr())

    def test_huge_length_refused_unread(self):
        # 4 GiB declared, nothing sent after it: the host answers at once
        # (it reads nothing more) and exits; it never holds the body
        h = self.host()
        t0 = time.monotonic()
        h.write(struct.pack("=I", 0xFFFFFFF0))
        r = h.reply(timeout=TIMEOUT)
        self.assertEqual((r["id"], r["error"]["code"]), (None, "ETOOBIG"))
        self.assertIn("4294967280 bytes", r["error"]["message"])
        self.assertExit(h, 1)
        self.assertLess(time.monotonic() - t0, TIMEOUT)
        self.assertIn("refused without reading it", h.stderr())
        # the configured limit: 2 KiB accepted, 2 KiB + 1 refused
        self.config = self.write_config({"max_request_bytes": 2048})
        h = self.host()
        body = b'{"id":1,"method":"ping","params":{"data":"' + b"x" * 2000
        body += b"x" * (2048 - len(body) - 3) + b'"}}'
        self.assertEqual(len(body), 2048)
        h.write(frame(body))
        self.assertIn("result", h.reply(1))
        h.write(struct.pack("=I", 2049) + b"{")
        self.assertEqual(h.reply()["error"]["code"], "ETOOBIG")
        self.assertExit(h, 1)

    def test_huge_length_rss_stays_small(self):
        # 64 MiB declared (allowed by the configuration), the body trickles
        # in: memory grows with what arrived, not with what was declared
        self.config = self.write_config({"max_request_bytes": 64 << 20})
        h = self.host()
        self.assertIn("result", h.call("ping"))
        h.write(struct.pack("=I", (64 << 20) - 1) + b'{"id": 1, "method": "ping", "x": "')
        h.write(b"y" * (1 << 20))
        time.sleep(0.3)
        with open("/proc/%d/status" % h.p.pid) as f:
            status = f.read()
        rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        self.assertLess(rss_kb, 48 * 1024, status)  # far from the 64 MiB declared
        rc = h.close()
        self.assertEqual(rc, 1)
        self.assertIn("in the middle of a message", h.stderr())

    def test_closed_stdout_epipe(self):
        h = self.host()
        self.assertIn("result", h.call("hello"))
        h.p.stdout.close()  # the browser went away
        try:
            for i in range(3):
                h.send({"id": 100 + i, "method": "ping", "params": {"pad": 200000}})
        except BrokenPipeError:
            pass
        rc = h.wait()
        self.assertEqual(rc, 1, h.stderr())  # a logged reason, not SIGPIPE
        self.assertIn("EPIPE", h.stderr())
        self.assertNotIn("AddressSanitizer", h.stderr())

    def test_stdin_closed_between_messages(self):
        h = self.host()
        self.assertIn("result", h.call("hello"))
        self.assertClean(h, 0)
        self.assertEqual(h.stderr(), "")  # nothing to say


class Origins(Case):
    def test_origin_not_allowed(self):
        h = self.host(origin="chrome-extension://" + "c" * 32 + "/")
        h.send({"id": 42, "method": "hello"})
        r = h.reply()
        self.assertEqual((r["id"], r["error"]["code"]), (42, "EORIGIN"))
        self.assertIn("c" * 32, r["error"]["message"])
        self.assertExit(h, 1)
        self.assertIn("refused the caller", h.stderr())
        # no origin at all
        h = self.host(origin=None)
        h.send({"id": 1, "method": "hello"})
        self.assertEqual(h.reply()["error"]["code"], "EORIGIN")
        self.assertExit(h, 1)
        # an oversized first message from a caller not allowed: still EORIGIN
        h = self.host(origin="chrome-extension://" + "c" * 32 + "/")
        h.write(struct.pack("=I", 0xFFFFFFF0))
        self.assertEqual(h.reply()["error"]["code"], "EORIGIN")
        self.assertExit(h, 1)
        # an origin without its trailing slash is the same origin
        h = self.host(origin=ORIGIN.rstrip("/"))
        self.assertIn("result", h.call("hello"))
        self.assertClean(h)

    def test_firefox_form(self):
        self.config = self.write_config({"allowed_origins": ["contactcore@example.org"]})
        h = self.host(args=["/usr/lib/mozilla/native-messaging-hosts/com.contactcore.host.json",
                            "contactcore@example.org"])
        self.assertIn("result", h.call("hello"))
        self.assertClean(h)
        h = self.host(args=["/x/com.contactcore.host.json", "someone-else@example.org"])
        self.assertEqual(h.error("hello")["code"], "EORIGIN")
        self.assertExit(h, 1)


class Config(Case):
    def test_config_errors_are_answered(self):
        bad = os.path.join(self.root, "bad.json")
        with open(bad, "w") as f:
            f.write('{"backend": "engine", "max_request_bytes": 12')
        h = self.host(config=bad)
        e = h.error("hello")
        self.assertEqual(e["code"], "ECONFIG")
        self.assertIn("bad.json", e["message"])
        self.assertExit(h, 3)
        for cfg, word in (({"backend": "ftp"}, "backend"),
                          ({"max_request_bytes": 10}, "max_request_bytes"),
                          ({"allowed_origins": "all"}, "allowed_origins"),
                          ({"backend": "http"}, "url"),
                          ({"backend": "http", "url": "http://127.0.0.1:9"}, "LCC_CLIENT_ID")):
            h = self.host(config=self.write_config(cfg, "c.json"))
            e = h.error("hello")
            self.assertEqual(e["code"], "ECONFIG", cfg)
            self.assertIn(word, e["message"])
            self.assertExit(h, 3)
        h = self.host(config=os.path.join(self.root, "missing.json"))
        self.assertEqual(h.error("hello")["code"], "ECONFIG")
        self.assertExit(h, 3)
        # a store that cannot be opened
        h = self.host(config=self.write_config({"store": "/proc/nope/engine.db"}, "c.json"))
        e = h.error("hello")
        self.assertEqual(e["code"], "ECONFIG")
        self.assertExit(h, 3)

    def test_demo_off_and_default_store(self):
        h = self.host(config=self.write_config({"demo": False}, "c.json"))
        r = h.ok("hello")
        self.assertIsNone(r["agent"])
        self.assertNotIn("demo", r)
        self.assertEqual(h.error("callback.defaults", {"conversation_id": "x"})["code"],
                         "ENOTFOUND")
        self.assertIn("result", h.call("text.measure", {"text": "no agent needed"}))
        self.assertClean(h)
        # no "store": the command-line tool's, under XDG_DATA_HOME
        cfg = os.path.join(self.root, "nostore.json")
        with open(cfg, "w") as f:
            json.dump({"allowed_origins": [ORIGIN]}, f)
        h = self.host(config=cfg)
        self.assertEqual(h.ok("hello")["demo"]["conversation_id"], "demo-call-1")
        self.assertClean(h)
        self.assertTrue(os.path.exists(os.path.join(self.root, "xdg-data", "contactcore",
                                                    "engine.db")))
        # the store has the demo now: it stays on
        h = self.host(config=cfg)
        self.assertIn("demo", h.ok("hello"))
        self.assertClean(h)


@unittest.skipUnless(os.path.exists(CLI), "no contactcore tool beside the host")
class Permissions(Case):
    """CB-PERM, CB-CANCEL, OBQ-PERM, OBQ-MEMBER and SL-PERM through the host.

    The store gets the demo directory from a first host (demo-agent with
    every permission, in demo-support and demo-sales, the call demo-call-1),
    then more agents from the command-line tool; a host configured with
    `"agent": X, "demo": false` acts as X with X's permissions as stored.
    Each refusal is EVALIDATION naming that rule only, and nothing came of
    it: the engine lists nothing new, no event was pushed, and the same
    action by demo-agent then succeeds (no CB-SINGLE / OBQ-EXISTING left)."""

    def setUp(self):
        super().setUp()
        h = self.host()
        self.assertEqual(h.ok("hello")["agent"]["id"], "demo-agent")
        self.assertClean(h)
        for args in (["add-agent", "noperm", "--perm", "none"],
                     ["add-agent", "creator", "--perm", "conversation:message:create"],
                     ["add-agent", "bob"],  # the default permissions; in no queue
                     ["add-agent", "sam", "--supervisor", "--perm", "none"],
                     ["add-member", "demo-support", "noperm", "creator"]):
            self.cli("directory", *args)

    def cli(self, *args):
        env = {"PATH": "/usr/bin:/bin", "HOME": os.path.join(self.root, "home"),
               "LANG": "C.UTF-8"}
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        p = subprocess.run([CLI, "--engine=" + self.store, *args], capture_output=True,
                           text=True, env=env, timeout=TIMEOUT)
        self.assertEqual(p.returncode, 0, (args, p.stdout, p.stderr))
        return p.stdout

    def as_agent(self, agent):
        h = self.host(config=self.write_config({"agent": agent, "demo": False},
                                               agent + ".json"))
        r = h.ok("hello")
        self.assertEqual((r["agent"]["id"], "demo" in r), (agent, False))
        return h

    def refused(self, h, method, params, rule):
        e = h.error(method, params)
        self.assertEqual(e["code"], "EVALIDATION", e)
        self.assertEqual({x for x, _ in self.rules(e)}, {rule}, e)
        self.assertTrue(e["message"].startswith(rule + ": "), e)
        return e

    def test_CB_PERM(self):
        h = self.as_agent("noperm")
        params = {"conversation_id": "demo-call-1", "date": day(2), "time": "10:00"}
        v = h.ok("callback.validate", params)
        self.assertFalse(v["ok"])
        self.assertEqual(self.rules(v), [("CB-PERM", "agent")])
        e = self.refused(h, "callback.schedule", params, "CB-PERM")
        self.assertEqual(self.rules(e), [("CB-PERM", "agent")])
        self.assertEqual(h.ok("callback.list")["total"], 0)
        self.assertEqual(h.events, [])
        self.assertClean(h)
        # demo-agent may, for the same call: the refusal left nothing behind
        h = self.host()
        s = h.ok("callback.schedule", params)
        self.assertEqual([c["id"] for c in h.ok("callback.list")["callbacks"]], [s["id"]])
        self.assertClean(h)

    def test_CB_CANCEL(self):
        h = self.host()
        s = h.ok("callback.schedule", {"date": day(2), "time": "10:00"})
        self.assertClean(h)
        # bob neither scheduled nor owns it, and is no supervisor
        h = self.as_agent("bob")
        e = self.refused(h, "callback.cancel", {"id": s["id"]}, "CB-CANCEL")
        self.assertEqual(e["report"][0]["severity"], "error")
        c = h.ok("callback.list")["callbacks"]
        self.assertEqual([(x["id"], x["state"]) for x in c], [(s["id"], "scheduled")])
        self.assertFalse([m for m in h.events if "cancel" in m["event"]], h.events)
        self.assertClean(h)
        # the supervisor (no permission needed) may
        h = self.as_agent("sam")
        self.assertEqual(h.ok("callback.cancel", {"id": s["id"]}),
                         {"id": s["id"], "state": "cancelled"})
        self.assertEqual(h.ok("callback.list", {"state": "cancelled"})["total"], 1)
        self.assertClean(h)

    def test_OBQ_PERM(self):
        params = {"queue_id": "demo-support", "to": "+447700900123", "text": "Your parcel"}
        for agent in ("noperm", "creator"):  # neither permission; no routing:queue:view
            h = self.as_agent(agent)
            e = self.refused(h, "message.send", params, "OBQ-PERM")
            self.assertNotIn("conversation_id", json.dumps(e))
            self.assertEqual(h.events, [])
            self.assertClean(h)
        # demo-agent may, to the same contact: no conversation was started
        h = self.host()
        r = h.ok("message.send", params)
        self.assertEqual((r["state"], r["to"]), ("queued", "+447700900123"))
        self.assertClean(h)

    def test_OBQ_MEMBER(self):
        params = {"queue_id": "demo-support", "to": "+447700900123", "text": "Your parcel"}
        h = self.as_agent("bob")  # both permissions, in no queue
        e = self.refused(h, "message.send", params, "OBQ-MEMBER")
        self.assertEqual(self.rules(e), [("OBQ-MEMBER", "queue")])
        self.assertEqual(h.events, [])
        self.assertClean(h)
        h = self.host()
        self.assertEqual(h.ok("message.send", params)["state"], "queued")
        self.assertClean(h)

    def test_SL_PERM(self):
        # a public reply needs conversation:socialmedia:create
        h = self.as_agent("noperm")
        e = self.refused(h, "social.reply", {"conversation_id": "sl-1", "channel": "facebook",
                                             "in_reply_to": "post-1", "text": "Thanks!"},
                         "SL-PERM")
        self.assertEqual(self.rules(e), [("SL-PERM", "visibility")])
        self.assertEqual(h.events, [])
        self.assertClean(h)
        # demo-agent may, in the demo's social interaction
        h = self.host()
        conv = h.ok("hello")["demo"]["social_conversation_id"]
        r = h.ok("social.reply", {"conversation_id": conv, "text": "Thanks!"})
        self.assertEqual((r["visibility"], r["state"]), ("public", "queued"))
        self.assertClean(h)


class Install(Case):
    def run_host(self, *args, env=None):
        e = {"PATH": "/usr/bin:/bin", "HOME": os.path.join(self.root, "home"),
             "XDG_CONFIG_HOME": os.path.join(self.root, "xdg-config"),
             "XDG_DATA_HOME": os.path.join(self.root, "xdg-data")}
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
            if k in os.environ:
                e[k] = os.environ[k]
        e.update(env or {})
        p = subprocess.run([HOST, *args], capture_output=True, text=True, env=e,
                           timeout=TIMEOUT)
        self.assertNotIn("AddressSanitizer", p.stderr)
        return p.returncode, p.stdout, p.stderr

    def test_install_into_a_profile_then_serve(self):
        profile = os.path.join(self.root, "profile")
        rc, out, err = self.run_host("install", "--extension-id", EXT_ID,
                                     "--user-data-dir", profile)
        self.assertEqual(rc, 0, err)
        path = os.path.join(profile, "NativeMessagingHosts", "com.contactcore.host.json")
        with open(path) as f:
            m = json.load(f)
        origin = "chrome-extension://%s/" % EXT_ID
        self.assertEqual(m, {"name": "com.contactcore.host", "description": m["description"],
                             "path": os.path.realpath(HOST), "type": "stdio",
                             "allowed_origins": [origin]})
        cfg_path = os.path.join(self.root, "xdg-config", "contactcore", "native-host.json")
        with open(cfg_path) as f:
            cfg = json.load(f)
        self.assertEqual(cfg["allowed_origins"], [origin])
        self.assertEqual(os.stat(cfg_path).st_mode & 0o777, 0o600)
        # the host, started as the browser starts it, with the default config
        h = self.host(config=None, origin=origin)
        self.assertEqual(h.ok("hello")["backend"], "engine")
        self.assertClean(h)
        # a second extension: both stay allowed, in the manifest and the config
        other = "c" * 32
        rc, _, err = self.run_host("install", "--extension-id", other, "--user-data-dir", profile)
        self.assertEqual(rc, 0, err)
        with open(path) as f:
            self.assertEqual(json.load(f)["allowed_origins"],
                             [origin, "chrome-extension://%s/" % other])
        with open(cfg_path) as f:
            self.assertEqual(len(json.load(f)["allowed_origins"]), 2)
        rc, out, _ = self.run_host("uninstall", "--user-data-dir", profile)
        self.assertEqual(rc, 0)
        self.assertFalse(os.path.exists(path))
        rc, out, _ = self.run_host("uninstall", "--user-data-dir", profile)
        self.assertEqual(rc, 0)
        self.assertIn("nothing to remove", out)

    def test_browsers_and_refusals(self):
        home = os.path.join(self.root, "home")
        rc, _, err = self.run_host("install", "--extension-id", EXT_ID)
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.exists(os.path.join(
            self.root, "xdg-config", "chromium", "NativeMessagingHosts",
            "com.contactcore.host.json")))
        rc, _, err = self.run_host("install", "--extension-id", EXT_ID, "--browser", "chrome",
                                   env={"XDG_CONFIG_HOME": ""})
        self.assertEqual(rc, 0, err)
        self.assertTrue(os.path.exists(os.path.join(
            home, ".config", "google-chrome", "NativeMessagingHosts",
            "com.contactcore.host.json")))
        rc, _, err = self.run_host("install", "--extension-id", "contactcore@example.org",
                                   "--browser", "firefox")
        self.assertEqual(rc, 0, err)
        ff = os.path.join(home, ".mozilla", "native-messaging-hosts", "com.contactcore.host.json")
        with open(ff) as f:
            m = json.load(f)
        self.assertEqual(m["allowed_extensions"], ["contactcore@example.org"])
        self.assertNotIn("allowed_origins", m)
        with open(os.path.join(self.root, "xdg-config", "contactcore",
                               "native-host.json")) as f:
            self.assertIn("contactcore@example.org", json.load(f)["allowed_origins"])
        rc, _, _ = self.run_host("uninstall", "--browser", "firefox")
        self.assertEqual(rc, 0)
        self.assertFalse(os.path.exists(ff))
        for args in (["install"], ["install", "--extension-id", "NOT-AN-ID"],
                     ["install", "--extension-id", EXT_ID, "--browser", "lynx"],
                     ["install", "--extension-id", "x@y", "--browser", "firefox",
                      "--user-data-dir", "/tmp"],
                     ["install", "--extension-id", EXT_ID, "--bogus"]):
            rc, _, err = self.run_host(*args)
            self.assertEqual(rc, 2, (args, err))
        # a config that is not JSON is left alone
        cfg = os.path.join(self.root, "broken.json")
        with open(cfg, "w") as f:
            f.write("{not json")
        rc, _, err = self.run_host("install", "--extension-id", EXT_ID, "--config", cfg,
                                   "--user-data-dir", os.path.join(self.root, "p2"))
        self.assertEqual(rc, 3, err)
        with open(cfg) as f:
            self.assertEqual(f.read(), "{not json")


@unittest.skipUnless(CURL, "built without libcurl")
class Http(Case):
    def setUp(self):
        super().setUp()
        self.server = GcServer()
        self.url = self.server.url
        self.secret = "test-secret"
        self.env = {"LCC_CLIENT_ID": "test-client", "LCC_CLIENT_SECRET": self.secret}
        self.config = self.write_config({"backend": "http", "url": self.url,
                                         "queue": "support", "agent": "ana"})

    def tearDown(self):
        self.server.stop()
        super().tearDown()

    def control(self, path):
        return self.server.control(path)

    def test_schedule_reschedule_cancel(self):
        h = self.host(env=self.env)
        r = h.ok("hello")
        self.assertEqual((r["backend"], r["agent"]["id"]), ("http", "ana"))
        s = h.ok("callback.schedule", {"conversation_id": "call-1", "number": "+33142685300",
                                       "date": day(2), "time": "10:00"})
        self.assertEqual([c["id"] for c in self.control("/_test/callbacks")["callbacks"]],
                         [s["id"]])
        e = h.error("callback.schedule", {"conversation_id": "call-1", "date": day(2),
                                          "time": "11:00"})
        self.assertIn("CB-SINGLE", [x for x, _ in self.rules(e)])
        e = h.error("callback.schedule", {"conversation_id": "call-2", "number": "+33142685300",
                                          "date": day(31), "time": "10:00"})
        self.assertIn(("CB-HORIZON", "date"), self.rules(e))
        r = h.ok("callback.reschedule", {"id": s["id"], "date": day(3), "time": "11:00"})
        self.assertEqual(self.control("/_test/callbacks")["callbacks"][0]
                         ["callbackScheduledTime"][:19], r["scheduled"][:19])
        self.assertEqual(h.error("callback.list")["code"], "ENOTSUP")
        self.assertClean(h)
        # a new process takes the backend's callback in, then cancels it
        h = self.host(env=self.env)
        self.assertEqual(h.ok("callback.cancel", {"id": s["id"]})["state"], "cancelled")
        self.assertEqual(self.control("/_test/callbacks")["disconnected"], 1)
        e = h.error("callback.cancel", {"id": "00000000-0000-4000-8000-000000000000"})
        self.assertEqual(e["code"], "ENOTFOUND")
        self.assertClean(h)
        self.assertEqual(self.control("/_test/violations")["violations"], [])
        for x in self.hosts:
            self.assertNotIn(self.secret, x.stderr())

    def test_bad_credentials_never_logged(self):
        wrong = "s3cr3t-never-logged"
        h = self.host(env=dict(self.env, LCC_CLIENT_SECRET=wrong))
        e = h.error("callback.schedule", {"conversation_id": "call-9", "number": "+33142685300",
                                          "date": day(2), "time": "10:00"})
        self.assertEqual(e["code"], "EAUTH")
        self.assertClean(h)
        self.assertNotIn(wrong, h.stderr() + json.dumps(e))
        self.assertEqual(self.control("/_test/callbacks")["count"], 0)

    def post(self, path, doc):
        self.server.control(path, doc)

    def fault(self, match, status, body):
        self.server.fault(match, status, body)

    def test_echoed_credentials_never_shown(self):
        # a backend whose error bodies echo the bearer token of the request,
        # and then the client secret and its Basic form: the replies and the
        # log show "[redacted]" and the rest of the server's sentence
        import base64
        basic = base64.b64encode(b"test-client:" + self.secret.encode()).decode()
        h = self.host(env=self.env)
        h.ok("callback.schedule", {"conversation_id": "call-1", "number": "+33142685300",
                                   "date": day(2), "time": "10:00"})
        token = [r for r in self.control("/_test/requests")["requests"]
                 if r["path"].startswith("/api/v2/")][-1]["headers"]["Authorization"][7:]
        self.assertGreater(len(token), 8)
        self.fault("POST /api/v2/conversations/callbacks", 500,
                   {"message": "upstream refused Bearer " + token, "code": "internal",
                    "status": 500, "contextId": token})
        e = h.error("callback.schedule", {"conversation_id": "call-2", "number": "+33142685300",
                                          "date": day(2), "time": "11:00"})
        self.assertEqual(e["code"], "ESERVER", e)
        self.assertIn("upstream refused Bearer [redacted]", json.dumps(e))
        self.assertTrue(e["message"].startswith("could not schedule the callback: "), e)
        replies = [json.dumps(e)]
        # not created on the backend: the call takes the agent's next request
        # (the host withdrew the callback: no CB-SINGLE)
        h.ok("callback.schedule", {"conversation_id": "call-2", "number": "+33142685300",
                                   "date": day(2), "time": "11:30"})
        # a new token is needed; the token endpoint echoes the secret
        self.post("/_test/expire-tokens", {})
        self.fault("POST /oauth/token", 400,
                   {"message": "secret %s (Basic %s) is locked" % (self.secret, basic),
                    "code": "locked", "status": 400, "contextId": self.secret})
        e = h.error("callback.schedule", {"conversation_id": "call-3", "number": "+33142685300",
                                          "date": day(2), "time": "12:00"})
        self.assertEqual(e["code"], "EAUTH", e)
        self.assertIn("secret [redacted] (Basic [redacted]) is locked", json.dumps(e))
        replies.append(json.dumps(e))
        self.assertClean(h)
        for text in replies + [h.stderr()]:
            for hidden in (token, self.secret, basic):
                self.assertNotIn(hidden, text)
        self.assertEqual(self.control("/_test/callbacks")["count"], 2)  # call-1, call-2


if __name__ == "__main__":
    del sys.argv[1:]
    unittest.main(verbosity=2)
