#!/usr/bin/python3
"""Drives the contactcore command-line tool as a user would.

Every subcommand's success and refusal (exit code and message), the --json
shapes, the engine store persisting across invocations, an import of a few
thousand generated rows with invalid ones among them, an interrupted import
(SIGKILL mid-way, and a crash right after an engine commit) run again without
scheduling any row twice, the progress lines when stderr is not a terminal,
ivr check on tests/ivr/*.yaml, and HTTP mode against tests/server/gcserver.py.

Usage: test-cli.py path/to/contactcore path/to/tests [curl=0|1]
"""
import csv
import datetime
import fcntl
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import zoneinfo

TOOL = os.path.abspath(sys.argv[1])
TESTS = os.path.abspath(sys.argv[2])
CURL = "curl=0" not in sys.argv[3:]
IVR_DIR = os.path.join(TESTS, "ivr")
sys.path.insert(0, os.path.join(TESTS, "server"))
from gcprocess import GcServer  # noqa: E402
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def day(n):
    """The date n days from today (Paris), as YYYY-MM-DD."""
    return (datetime.datetime.now(PARIS) + datetime.timedelta(days=n)).date().isoformat()


class Tool:
    """Runs the tool with its own store and environment."""

    def __init__(self, root, env=None):
        self.root = root
        self.store = os.path.join(root, "engine.db")
        self.env = {"PATH": "/usr/bin:/bin", "HOME": os.path.join(root, "home"),
                    "XDG_DATA_HOME": os.path.join(root, "xdg"), "LANG": "C.UTF-8"}
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                self.env[k] = os.environ[k]
        self.env.update(env or {})

    def run(self, *args, engine=True, stdin=None, env=None, timeout=120):
        argv = [TOOL] + (["--engine=" + self.store] if engine else []) + list(args)
        e = dict(self.env)
        e.update(env or {})
        p = subprocess.run(argv, input=stdin, capture_output=True, env=e, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

    def json(self, *args, **kw):
        rc, out, err = self.run("--json", *args, **kw)
        try:
            doc = json.loads(out)
        except ValueError as e:
            raise AssertionError(f"not one JSON document ({e}): {out!r}; stderr {err!r}")
        return rc, doc, err

    def setup_directory(self):
        for args in (["add-queue", "support", "--owned", "--owned-limit", "72"],
                     ["add-queue", "sales"],
                     ["add-agent", "ana", "--tz", "Europe/Paris"],
                     ["add-agent", "bob", "--tz", "America/New_York"],
                     ["add-agent", "sam", "--supervisor"],
                     ["add-agent", "noperm", "--perm", "none"],
                     ["add-member", "support", "ana", "sam"]):
            rc, out, err = self.run("directory", *args)
            assert rc == 0, (args, rc, out, err)

    def callbacks(self, *filters):
        rc, doc, err = self.json("callback", "list", "--all", *filters)
        assert rc == 0, (rc, doc, err)
        assert doc["count"] == doc["total"] == len(doc["callbacks"]), doc
        return doc["callbacks"]


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="cli-test-")
        self.t = Tool(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def ok(self, res, code=0):
        rc, out, err = res
        self.assertEqual(rc, code, f"exit {rc}, expected {code}\nstdout: {out}\nstderr: {err}")
        return out, err


class Help(Case):
    def test_overview_documents_exit_codes(self):
        out, _ = self.ok(self.t.run("--help", engine=False))
        for line in ("exit status:", "  0  done", "  1  refused", "  2  usage", "  3  failure",
                     "callback draft|schedule|list|cancel|reschedule", "import FILE --out RESULTS",
                     "--engine[=FILE]", "LCC_CLIENT_ID", "--json"):
            self.assertIn(line, out)

    def test_every_command_has_help(self):
        for cmd in (["callback"], ["callback", "schedule"], ["import"], ["message", "send"],
                    ["text", "measure"], ["ivr", "run"], ["tz", "convert"],
                    ["phone", "normalize"], ["directory"], ["help", "import"]):
            out, _ = self.ok(self.t.run(*cmd, "--help", engine=False) if cmd[0] != "help"
                             else self.t.run(*cmd, engine=False))
            self.assertIn("usage: contactcore " + (cmd[1] if cmd[0] == "help" else cmd[0]), out)
        out, _ = self.ok(self.t.run("import", "--help", engine=False))
        self.assertIn("row,status,callback_id,conversation,details", out)

    def test_usage_errors_exit_2(self):
        for args, says in ((["frobnicate"], "unknown command"),
                           (["callback"], "which one?"),
                           (["callback", "fly"], "unknown subcommand"),
                           (["callback", "list", "--bogus"], "unknown option --bogus"),
                           (["callback", "list", "--limit"], "--limit needs a value"),
                           (["callback", "schedule", "--queue", "q"], "--as AGENT"),
                           (["--as", "ana", "callback", "schedule", "--at", "tomorrow"],
                            "expected 2026-11-23T10:00"),
                           (["tz", "convert"], "give one date"),
                           (["--engine", "--http", "http://127.0.0.1:1", "callback", "list"],
                            "the cloud API has no list"),
                           ([], "usage: contactcore")):
            rc, out, err = self.t.run(*args, engine=False)
            self.assertEqual(rc, 2, (args, out, err))
            self.assertIn(says, err, args)
            self.assertEqual(out, "", args)

    def test_version(self):
        out, _ = self.ok(self.t.run("--version", engine=False))
        self.assertRegex(out, r"^contactcore \(libcontactcore \d+\.\d+\.\d+\)\n$")


class Store(Case):
    def test_default_store_under_xdg_data_home(self):
        self.ok(self.t.run("directory", "add-queue", "q1", engine=False))
        self.assertTrue(os.path.exists(os.path.join(self.t.root, "xdg", "contactcore", "engine.db")))
        out, _ = self.ok(self.t.run("directory", "show", "q1", engine=False))
        self.assertIn('queue q1 "q1"', out)

    def test_default_store_under_home_without_xdg(self):
        env = {"XDG_DATA_HOME": ""}
        self.ok(self.t.run("directory", "add-queue", "q1", engine=False, env=env))
        path = os.path.join(self.t.root, "home", ".local", "share", "contactcore", "engine.db")
        self.assertTrue(os.path.exists(path))

    def test_store_that_cannot_be_opened_exits_3(self):
        blocker = os.path.join(self.t.root, "file")
        open(blocker, "w").close()
        rc, doc, err = self.t.json("--engine=" + os.path.join(blocker, "engine.db"),
                                   "callback", "list", engine=False)
        self.assertEqual(rc, 3, err)
        self.assertEqual((doc["ok"], doc["exit"]), (False, 3))
        self.assertEqual(doc["error"]["status"], "EIO")
        not_sqlite = os.path.join(self.t.root, "garbage.db")
        with open(not_sqlite, "wb") as f:
            f.write(b"this is not an SQLite file at all" * 100)
        rc, out, err = self.t.run("--engine=" + not_sqlite, "callback", "list", engine=False)
        self.assertEqual(rc, 3, err)
        self.assertIn("cannot open the engine's store", err)


class Directory(Case):
    def test_add_show_update(self):
        self.t.setup_directory()
        rc, doc, _ = self.t.json("directory", "show", "ana", "support", "nobody")
        self.assertEqual(rc, 1)
        self.assertEqual(doc["unknown"], ["nobody"])
        ana = doc["agents"][0]
        self.assertEqual((ana["id"], ana["time_zone"], ana["supervisor"], ana["queues"]),
                         ("ana", "Europe/Paris", False, ["support"]))
        self.assertIn("conversation:callback:create", ana["permissions"])
        q = doc["queues"][0]
        self.assertEqual((q["members"], q["owned_callbacks"]),
                         (["ana", "sam"], {"enabled": True, "limit_h": 72, "window_h": 24}))
        rc, doc, _ = self.t.json("directory", "show", "noperm", "sam")
        self.assertEqual(rc, 0)
        self.assertEqual(doc["agents"][0]["permissions"], [])
        self.assertTrue(doc["agents"][1]["supervisor"])
        # an update keeps what it does not name
        rc, doc, _ = self.t.json("directory", "add-queue", "support", "--choose-queue")
        self.assertEqual((rc, doc["created"]), (0, False))
        rc, doc, _ = self.t.json("directory", "show", "support")
        self.assertTrue(doc["queues"][0]["agents_choose_callback_queue"])
        self.assertTrue(doc["queues"][0]["owned_callbacks"]["enabled"])

    def test_refusals(self):
        self.t.setup_directory()
        rc, out, err = self.t.run("directory", "add-member", "support", "ghost")
        self.assertEqual(rc, 1)
        self.assertIn('no agent "ghost"', err)
        rc, out, err = self.t.run("directory", "add-agent", "zed", "--tz", "Mars/Olympus")
        self.assertEqual(rc, 1)
        self.assertIn("Mars/Olympus", err)
        rc, out, err = self.t.run("directory", "show", "zed")  # nothing half-made was kept
        self.assertEqual(rc, 1)
        rc, out, err = self.t.run("directory", "add-queue", "q", "--owned-limit", "9999")
        self.assertEqual(rc, 1)
        rc, out, err = self.t.run("--http", "http://127.0.0.1:9", "directory", "show", "x",
                                  engine=False)
        self.assertEqual(rc, 2)
        self.assertIn("needs the embedded engine", err)


class Callbacks(Case):
    def setUp(self):
        super().setUp()
        self.t.setup_directory()

    def schedule(self, *args, agent="ana"):
        return self.t.json("--as", agent, "callback", "schedule", *args)

    def test_draft_shows_what_it_would_be_and_changes_nothing(self):
        rc, doc, err = self.t.json("--as", "ana", "callback", "draft", "--queue", "support",
                                   "--number", "+33 1 42 68 53 00", "--at", day(2) + "T10:00")
        self.assertEqual(rc, 0, (doc, err))
        self.assertEqual(doc["draft"]["date"], day(2))
        self.assertEqual(doc["draft"]["time"], "10:00")
        self.assertEqual(doc["draft"]["time_zone"], "Europe/Paris")  # the agent's zone
        self.assertEqual(doc["report"], [])
        # refused: every problem at once, each by its rule
        rc, doc, _ = self.t.json("--as", "ana", "callback", "draft", "--queue", "nope",
                                 "--number", "12", "--at", day(-1) + "T10:00")
        self.assertEqual(rc, 1)
        self.assertFalse(doc["ok"])
        rules = {e["rule"] for e in doc["report"]}
        self.assertTrue({"CB-PAST", "CB-NUMBER", "CB-QUEUE"} <= rules, rules)
        rc, out, _ = self.t.run("--as", "ana", "callback", "draft", "--queue", "support",
                                "--number", "12", "--asap")
        self.assertEqual(rc, 1)
        self.assertRegex(out, r"error +number +CB-NUMBER +")
        self.assertEqual(self.t.callbacks(), [])
        # the draft's conversation was not kept: the same id is new again
        self.ok(self.t.run("--as", "ana", "callback", "draft", "--queue", "support",
                           "--number", "+33142685300", "--asap", "--conversation", "c-draft"))
        rc, doc, _ = self.t.json("--as", "ana", "callback", "schedule", "--queue", "sales",
                                 "--number", "+33142685300", "--asap", "--conversation", "c-draft")
        self.assertEqual(rc, 0, doc)  # kept with queue support, it would be CB-QUEUE

    def test_schedule_persists_across_invocations(self):
        rc, doc, err = self.schedule("--queue", "support", "--number", "+33 1 42 68 53 00",
                                     "--at", day(2) + "T10:00", "--tz", "Europe/Paris", "--own")
        self.assertEqual(rc, 0, (doc, err))
        cb = doc["callback"]
        self.assertEqual((cb["queue"], cb["number"], cb["owner"], cb["agent"]),
                         ("support", "+33142685300", "ana", "ana"))
        self.assertTrue(cb["local"].startswith(day(2) + "T10:00:00+0"))
        listed = self.t.callbacks()
        self.assertEqual([(c["id"], c["state"], c["scheduled"]) for c in listed],
                         [(cb["id"], "scheduled", cb["scheduled"])])
        # people's output
        rc, out, _ = self.t.run("--as", "ana", "callback", "schedule", "--queue", "support",
                                "--number", "+33142685301", "--date", day(1), "--time", "09:15")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^scheduled callback [0-9a-f-]{36}: " + day(1) +
                         r" 09:15 Europe/Paris \(.*Z\), queue support, number \+33142685301\n")
        out, _ = self.ok(self.t.run("callback", "list"))
        self.assertIn("2 callbacks", out)
        self.assertIn(cb["id"], out)

    def test_refusals_by_rule(self):
        cases = [
            (["--queue", "sales", "--number", "+33142685300", "--asap", "--own"], "ana",
             "CB-OWN"),
            (["--queue", "support", "--number", "+33142685300", "--at", day(40) + "T10:00"],
             "ana", "CB-HORIZON"),
            (["--queue", "support", "--number", "+33142685300", "--asap"], "noperm", "CB-PERM"),
            (["--queue", "support", "--number", "+33142685300", "--at", day(2) + "T10:00",
              "--tz", "Mars/Olympus"], "ana", "CB-TZ"),
        ]
        for args, agent, rule in cases:
            rc, doc, err = self.schedule(*args, agent=agent)
            self.assertEqual(rc, 1, (rule, doc, err))
            self.assertEqual(doc["exit"], 1)
            self.assertIn(rule, [e["rule"] for e in doc["report"]], doc)
        self.assertEqual(self.t.callbacks(), [])

    def test_one_callback_per_conversation_even_across_runs(self):
        args = ["--queue", "support", "--number", "+33142685300", "--asap",
                "--conversation", "call-42"]
        rc, doc, _ = self.schedule(*args)
        self.assertEqual(rc, 0, doc)
        rc, doc, _ = self.schedule(*args)  # another process: the engine remembers,
        self.assertEqual(rc, 1)               # and the draft's rules see it
        self.assertEqual(doc["refused_by"], "rules")
        self.assertIn("CB-SINGLE", [e["rule"] for e in doc["report"]])
        self.assertEqual(len(self.t.callbacks()), 1)

    def test_reschedule_and_cancel(self):
        rc, doc, _ = self.schedule("--queue", "support", "--number", "+33142685300",
                                   "--at", day(2) + "T10:00", "--own")
        cid = doc["callback"]["id"]
        rc, doc, _ = self.t.json("--as", "ana", "callback", "reschedule", cid,
                                 "--at", day(3) + "T11:30")
        self.assertEqual(rc, 0, doc)
        self.assertTrue(doc["local"].startswith(day(3) + "T11:30:00+0"))
        self.assertEqual(self.t.callbacks()[0]["scheduled"], doc["scheduled"])
        # an owned callback at most 72 hours ahead (CB-OWN-HORIZON)
        rc, out, _ = self.t.run("--as", "ana", "callback", "reschedule", cid,
                                "--at", day(10) + "T11:30")
        self.assertEqual(rc, 1)
        self.assertIn("CB-OWN-HORIZON", out)
        # an instant with its offset
        rc, doc, _ = self.t.json("--as", "ana", "callback", "reschedule", cid,
                                 "--at", day(2) + "T08:00Z")
        self.assertEqual((rc, doc["scheduled"]), (0, day(2) + "T08:00:00Z"), doc)
        # bob may not cancel it; sam (supervisor) may
        rc, out, _ = self.t.run("--as", "bob", "callback", "cancel", cid)
        self.assertEqual(rc, 1)
        self.assertIn("CB-CANCEL", out)
        rc, doc, _ = self.t.json("--as", "sam", "callback", "cancel", cid, "no-such-id")
        self.assertEqual(rc, 1)
        self.assertEqual([(r["id"], r["ok"]) for r in doc["results"]],
                         [(cid, True), ("no-such-id", False)])
        self.assertEqual(doc["results"][1]["status"], "ENOTFOUND")
        self.assertEqual([c["state"] for c in self.t.callbacks()], ["cancelled"])
        self.assertEqual(len(self.t.callbacks("--state", "scheduled")), 0)

    def test_agent_must_exist(self):
        rc, out, err = self.t.run("--as", "ghost", "callback", "schedule", "--queue", "support",
                                  "--number", "+33142685300", "--asap")
        self.assertEqual(rc, 2)
        self.assertIn('no agent "ghost"', err)
        self.assertIn("directory add-agent ghost", err)

    def test_list_filters_and_pages(self):
        for i, (queue, agent) in enumerate([("support", "ana"), ("support", "sam"),
                                            ("sales", "bob")]):
            rc, doc, _ = self.schedule("--queue", queue, "--number", f"+3314268530{i}",
                                       "--at", f"{day(2)}T1{i}:00", agent=agent)
            self.assertEqual(rc, 0, doc)
        rc, doc, _ = self.t.json("callback", "list", "--limit", "2")
        self.assertEqual((doc["count"], doc["total"]), (2, 3))
        self.assertEqual(len(self.t.callbacks()), 3)
        self.assertEqual(len(self.t.callbacks("--queue", "support")), 2)
        self.assertEqual([c["agent"] for c in self.t.callbacks("--agent", "bob")], ["bob"])
        self.assertEqual(len(self.t.callbacks("--from", day(2) + "T11:00", "--tz",
                                              "Europe/Paris")), 2)
        rc, doc, _ = self.t.json("callback", "list", "--tz", "America/New_York")
        self.assertTrue(doc["callbacks"][0]["local"].endswith("-05:00"))


class Messages(Case):
    def test_send_and_refusal(self):
        self.t.setup_directory()
        rc, doc, err = self.t.json("--as", "ana", "message", "send", "--queue", "support",
                                   "--to", "+44 7700 900123", "--to", "+447700900124",
                                   "--text", "Your parcel is on its way.")
        self.assertEqual(rc, 0, (doc, err))
        self.assertEqual([d["address"] for d in doc["deliveries"]],
                         ["+447700900123", "+447700900124"])
        self.assertTrue(all(d["conversation"] and d["message_id"] for d in doc["deliveries"]))
        rc, out, _ = self.t.run("--as", "bob", "message", "send", "--queue", "support",
                                "--to", "12", "--text", "hello")
        self.assertEqual(rc, 1)
        self.assertIn("OBQ-MEMBER", out)
        self.assertIn("OBQ-RECIPIENTS", out)
        rc, out, err = self.t.run("--as", "ana", "message", "send", "--queue", "support",
                                  "--text", "hello")
        self.assertEqual(rc, 2)
        self.assertIn("--to NUMBER", err)


class Text(Case):
    def test_measure(self):
        rc, doc, _ = self.t.json("text", "measure", "Hello €", engine=False)
        self.assertEqual((rc, doc["encoding"], doc["units"], doc["segments"]), (0, "gsm7", 8, 1))
        rc, doc, _ = self.t.json("text", "measure", "Привет", engine=False)
        self.assertEqual((doc["encoding"], doc["units"]), ("ucs2", 6))
        rc, doc, _ = self.t.json("text", "measure", "--channel", "x",
                                 "see https://example.com/a/long/path 😀", engine=False)
        self.assertEqual((doc["encoding"], doc["units"], doc["remaining"]), ("weighted", 30, 250))
        rc, doc, _ = self.t.json("text", "measure", "--segments", "a" * 200, engine=False)
        self.assertEqual((doc["segments"], doc["segment_offsets"]), (2, [0, 153]))
        rc, out, _ = self.t.run("text", "measure", "a" * 800, engine=False)
        self.assertEqual(rc, 1)
        self.assertIn("TXT-LIMITS", out)
        self.assertIn("35 over", out)
        rc, out, err = self.t.run("text", "measure", "--channel", "email", engine=False,
                                  stdin=b"\xff\xfe broken")
        self.assertEqual(rc, 1)
        self.assertIn("not valid UTF-8", err)
        rc, doc, _ = self.t.json("text", "measure", "--file", "-", engine=False,
                                 stdin=("x" * 300).encode())
        self.assertEqual(doc["units"], 300)


class Ivr(Case):
    def test_check_seeds(self):
        seeds = sorted(glob.glob(os.path.join(IVR_DIR, "*.yaml")))
        self.assertTrue(seeds)
        out, _ = self.ok(self.t.run("ivr", "check", *seeds, engine=False))
        self.assertEqual(out, "".join(f"{s}: ok\n" for s in seeds))
        rc, doc, _ = self.t.json("ivr", "check", *seeds, engine=False)
        self.assertEqual((rc, doc["ok"]), (0, True))
        self.assertEqual([f["errors"] for f in doc["files"]], [0] * len(seeds))

    def test_check_broken(self):
        bad = os.path.join(self.t.root, "bad.yaml")
        with open(bad, "w") as f:
            f.write("online:\n  - play: https://example.com/w.mp3\n  - goto: nowhere\n"
                    "offline:\n  - callback\nqueue:\n  - dance\n")
        rc, out, _ = self.t.run("ivr", "check", bad, engine=False)
        self.assertEqual(rc, 1)
        self.assertEqual(re.findall(r"^.*?:(\d+):(\d+): (IVR-[A-Z-]+):", out, re.M),
                         [("3", "11", "IVR-GOTO"), ("5", "5", "IVR-CB-OFFLINE"),
                          ("7", "5", "IVR-COMMANDS")])
        rc, doc, _ = self.t.json("ivr", "check", bad, os.path.join(self.t.root, "missing.yaml"),
                                 engine=False)
        self.assertEqual(rc, 3)  # a file that cannot be read wins
        self.assertEqual(doc["files"][0]["report"][0]["line"], 3)
        self.assertEqual(doc["files"][1]["ok"], False)

    def test_explain_and_run(self):
        seed = os.path.join(IVR_DIR, "seed-direct.yaml")
        out, _ = self.ok(self.t.run("ivr", "explain", seed, engine=False))
        self.assertIn("online", out)
        out, _ = self.ok(self.t.run("ivr", "run", seed, "--demo", "online", "key:2",
                                    engine=False))
        lines = out.splitlines()
        order = [next(i for i, l in enumerate(lines) if p in l)
                 for p in ("[input] online", "CALLBACK", "OFFERED callback to agent-1",
                           "[agent] agent-1 accepts", "ACCEPTED callback",
                           "DIALING callback +13125550100")]
        self.assertEqual(order, sorted(order), out)
        self.assertIn("wait: done", out)
        rc, out, err = self.t.run("ivr", "run", seed, "online", "dance", engine=False)
        self.assertEqual(rc, 2)
        rc, out, err = self.t.run("ivr", "run", seed, "online", "answer", engine=False)
        self.assertEqual(rc, 1)
        self.assertIn("refused", err)

    def test_run_files_callback_in_store(self):
        self.ok(self.t.run("directory", "add-queue", "support"))
        seed = os.path.join(IVR_DIR, "seed-direct.yaml")
        rc, doc, err = self.t.json("ivr", "run", seed, "online", "key:2")
        self.assertEqual(rc, 0, (doc, err))
        self.assertEqual(doc["wait"], "done")
        self.assertTrue(doc["callback_id"])
        self.assertEqual([c["id"] for c in self.t.callbacks()], [doc["callback_id"]])


class Tz(Case):
    def test_convert(self):
        out, _ = self.ok(self.t.run("tz", "convert", "2026-11-23T10:00", "--from", "Europe/Paris",
                                    "--to", "America/New_York", "--to", "UTC", engine=False))
        self.assertEqual(out, "America/New_York         2026-11-23 04:00:00 (UTC-05:00)\n"
                              "UTC                      2026-11-23 09:00:00 (UTC+00:00)\n")
        rc, doc, _ = self.t.json("tz", "convert", "2026-03-29T01:30Z", "--to", "Europe/Paris",
                                 engine=False)
        self.assertEqual(doc["to"], [{"zone": "Europe/Paris", "local": "2026-03-29T03:30:00",
                                      "offset": "+02:00"}])
        rc, doc, _ = self.t.json("tz", "convert", "2026-03-29T02:30", "--from", "Europe/Paris",
                                 engine=False)
        self.assertEqual((rc, doc["instant"]), (0, "2026-03-29T01:30:00Z"))
        self.assertIn("skip", doc["warning"])
        rc, out, err = self.t.run("tz", "convert", "2026-03-29T02:30", "--from", "Europe/Paris",
                                  "--disambiguation", "reject", engine=False)
        self.assertEqual(rc, 1)
        self.assertIn("03:00", err)
        rc, out, err = self.t.run("tz", "convert", "2026-03-29T02:30", "--from", "Mars/Olympus",
                                  engine=False)
        self.assertEqual(rc, 1)
        out, _ = self.ok(self.t.run("tz", "list", "Europe/Par", engine=False))
        self.assertEqual(out, "Europe/Paris\n")


class Phone(Case):
    def test_normalize(self):
        out, _ = self.ok(self.t.run("phone", "normalize", "+33 1 42 68 53 00",
                                    "(212) 555-0142 ext. 12", "--country", "US", engine=False))
        self.assertEqual(out, "+33142685300\n+12125550142 ext. 12\n")
        out, _ = self.ok(self.t.run("phone", "normalize", "01 42 68 53 00", "--country", "FR",
                                    engine=False))
        self.assertEqual(out, "+33142685300\n")
        rc, doc, _ = self.t.json("phone", "normalize", "+33 1 42 68 53 00",
                                 "(212) 555-0142 ext. 12", "--country", "US", engine=False)
        self.assertEqual(rc, 0)
        self.assertEqual([(n["e164"], n["extension"]) for n in doc["numbers"]],
                         [("+33142685300", None), ("+12125550142", "12")])
        rc, doc, _ = self.t.json("phone", "normalize", "12", engine=False)
        self.assertEqual((rc, doc["numbers"][0]["ok"]), (1, False))
        self.assertTrue(doc["numbers"][0]["error"])


def write_rows(path, n, bad_every=37):
    """n rows for support in Paris, two days ahead; every bad_every-th one is broken in one of
    several ways.  Returns the set of row numbers (file lines) that must be refused."""
    bad = set()
    kinds = ["number", "time", "date", "fields", "missing", "zone"]
    with open(path, "w", newline="") as f:
        f.write("Number,date,time,timezone,queue,name,data.ticket\n")
        for i in range(n):
            line = i + 2
            num, date, tm, zone = f"+3314{i:07d}", day(2), f"{8 + i % 10:02d}:{i % 60:02d}", \
                "Europe/Paris"
            extra = ""
            if i % bad_every == 5:
                kind = kinds[(i // bad_every) % len(kinds)]
                bad.add(line)
                if kind == "number":
                    num = "12"
                elif kind == "time":
                    tm = "25:00"
                elif kind == "date":
                    date = "2026-02-30"
                elif kind == "fields":
                    extra = ",surplus"
                elif kind == "missing":
                    num = ""
                else:
                    zone = "Mars/Olympus"
            f.write(f'{num},{date},{tm},{zone},support,"Caller, {i}",T{i}{extra}\n')
    return bad


def results(path):
    """Row -> its last line of the results file; also every line."""
    with open(path, newline="") as f:
        lines = list(csv.DictReader(f))
    last = {}
    for r in lines:
        last[int(r["row"])] = r
    return last, lines


class Import(Case):
    N = 3000

    def setUp(self):
        super().setUp()
        self.t.setup_directory()
        self.csv = os.path.join(self.t.root, "in.csv")
        self.out = os.path.join(self.t.root, "results.csv")
        self.bad = write_rows(self.csv, self.N)

    def check_complete(self, lines_too=True):
        last, lines = results(self.out)
        self.assertEqual(sorted(last), list(range(2, self.N + 2)))
        refused = {r for r, v in last.items() if v["status"] == "refused"}
        self.assertEqual(refused, self.bad)
        ok = [v for v in last.values() if v["status"] == "ok"]
        self.assertEqual(len(ok), self.N - len(self.bad))
        ids = [v["callback_id"] for v in ok]
        self.assertEqual(len(set(ids)), len(ids))
        listed = self.t.callbacks()
        self.assertEqual(len(listed), len(ok), "callbacks in the engine vs ok rows")
        self.assertEqual({c["id"] for c in listed}, set(ids))
        return last

    def test_large_import_with_invalid_rows(self):
        rc, out, err = self.t.run("--as", "ana", "import", self.csv, "--out", self.out)
        self.assertEqual(rc, 1, err)  # rows were refused
        last = self.check_complete()
        details = {last[r]["details"].split(":")[0] for r in self.bad}
        self.assertTrue({"CB-NUMBER", "IMPORT", "CB-TZ"} <= details, details)
        self.assertTrue(any(last[r]["details"].startswith("IMPORT:time:") for r in self.bad))
        self.assertTrue(any(last[r]["details"].startswith("IMPORT:row:") for r in self.bad))
        # progress when stderr is not a terminal: a first line, then one per tenth
        progress = [l for l in err.splitlines() if l.startswith("import: ")]
        self.assertEqual(progress[0], f"import: {self.N} rows, 0 done by an earlier run, "
                                      f"{self.N} to do")
        self.assertEqual(len(progress), 11, err)
        self.assertRegex(progress[1], r"^import: 300/3000 rows \(10%\): \d+ ok, \d+ refused, "
                                      r"0 failed$")
        self.assertTrue(progress[-1].startswith("import: 3000/3000 rows (100%)"))
        self.assertNotIn("\r", err)
        self.assertRegex(out, rf"^import: 3000 rows in .*: {self.N - len(self.bad)} scheduled, "
                              rf"{len(self.bad)} refused, 0 failed, 0 unknown\n")
        # run again: nothing left to do, nothing scheduled twice
        rc, doc, err = self.t.json("--as", "ana", "import", self.csv, "--out", self.out)
        self.assertEqual(rc, 1)
        self.assertEqual((doc["rows"], doc["done_earlier"], doc["processed"], doc["scheduled"],
                          doc["refused"], doc["left"]),
                         (self.N, self.N, 0, self.N - len(self.bad), len(self.bad), 0))
        self.check_complete()

    def test_interrupted_by_sigkill_then_resumed(self):
        env = dict(self.t.env)
        argv = [TOOL, "--engine=" + self.t.store, "--as", "ana", "import", self.csv,
                "--out", self.out, "--batch", "100", "--rate", "2500"]
        p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None:
            try:
                with open(self.out) as f:
                    if sum(1 for _ in f) > 700:
                        break
            except FileNotFoundError:
                pass
            time.sleep(0.01)
        killed = p.poll() is None
        if killed:
            p.send_signal(signal.SIGKILL)
        p.wait()
        self.assertTrue(killed, "the import ended before it could be interrupted")
        last, _ = results(self.out)
        self.assertLess(len([v for v in last.values() if v["status"] != "pending"]), self.N)
        rc, doc, err = self.t.json("--as", "ana", "import", self.csv, "--out", self.out)
        self.assertEqual(rc, 1, (doc, err))
        self.assertGreater(doc["done_earlier"], 0)
        self.assertEqual(doc["done_earlier"] + doc["processed"], self.N)
        self.check_complete()

    def test_ctrl_c_finishes_the_batch(self):
        argv = [TOOL, "--engine=" + self.t.store, "--as", "ana", "import", self.csv,
                "--out", self.out, "--batch", "50", "--rate", "2500"]
        p = subprocess.Popen(argv, env=self.t.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None:
            if os.path.exists(self.out) and os.path.getsize(self.out) > 20000:
                break
            time.sleep(0.01)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 3, err)
        self.assertIn("interrupted; run the same command again", err)
        self.assertIn("rows not done: run the same command again", out)
        last, _ = results(self.out)
        self.assertNotIn("pending", {v["status"] for v in last.values()})
        self.assertEqual(len(last) % 50, 0)
        rc, doc, err = self.t.json("--as", "ana", "import", self.csv, "--out", self.out)
        self.assertEqual((rc, doc["settled"]), (1, 0), (doc, err))
        self.check_complete()

    def test_crash_right_after_an_engine_commit(self):
        # The worst moment: the engine has the batch, the results file does not.
        rc, out, err = self.t.run("--as", "ana", "import", self.csv, "--out", self.out,
                                  "--batch", "250",
                                  env={"CONTACTCORE_IMPORT_CRASH_AFTER_COMMIT": "3"})
        self.assertEqual(rc, -signal.SIGKILL, err)
        last, _ = results(self.out)
        self.assertEqual(sum(v["status"] == "pending" for v in last.values()), 250)
        self.assertEqual(len(self.t.callbacks()),
                         750 - len([r for r in self.bad if r < 752]))
        rc, doc, err = self.t.json("--as", "ana", "import", self.csv, "--out", self.out)
        self.assertEqual(rc, 1, (doc, err))
        self.assertEqual(doc["settled"], 250 - len([r for r in self.bad if 502 <= r < 752]))
        last = self.check_complete()
        self.assertTrue(any("before the interruption" in v["details"] for v in last.values()))

    def test_input_and_results_problems(self):
        rc, out, err = self.t.run("--as", "ana", "import", self.csv)
        self.assertEqual(rc, 2)
        self.assertIn("--out", err)
        odd = os.path.join(self.t.root, "odd.csv")
        with open(odd, "w") as f:
            f.write("number,when\n+33142685300,tomorrow\n")
        rc, out, err = self.t.run("--as", "ana", "import", odd, "--out", self.out)
        self.assertEqual(rc, 1)
        self.assertIn("unknown column 'when'", err)
        notours = os.path.join(self.t.root, "notes.csv")
        with open(notours, "w") as f:
            f.write("my,precious,notes\n")
        rc, out, err = self.t.run("--as", "ana", "import", self.csv, "--out", notours)
        self.assertEqual(rc, 2)
        self.assertIn("not a results file", err)
        with open(notours) as f:
            self.assertEqual(f.read(), "my,precious,notes\n")
        # a second import on the same results file is refused while one runs
        with open(self.out, "a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            rc, out, err = self.t.run("--as", "ana", "import", self.csv, "--out", self.out)
        self.assertEqual(rc, 3)
        self.assertIn("another import", err)
        rc, out, err = self.t.run("--as", "ana", "import", os.path.join(self.t.root, "nope.csv"),
                                  "--out", self.out)
        self.assertEqual(rc, 3)


@unittest.skipUnless(CURL, "built without libcurl")
class Http(Case):
    def setUp(self):
        super().setUp()
        self.server = GcServer()
        self.url = self.server.url
        self.creds = {"LCC_CLIENT_ID": "test-client", "LCC_CLIENT_SECRET": "test-secret"}

    def tearDown(self):
        self.server.stop()
        super().tearDown()

    def control(self, path):
        return self.server.control(path)

    def http(self, *args, env=None, json_out=True):
        e = dict(self.creds)
        e.update(env or {})
        if json_out:
            return self.t.json("--http", self.url, "--as", "ana", *args, engine=False, env=e)
        return self.t.run("--http", self.url, "--as", "ana", *args, engine=False, env=e)

    def test_schedule_reschedule_cancel(self):
        rc, doc, err = self.http("callback", "schedule", "--queue", "support",
                                 "--number", "+33142685300", "--at", day(2) + "T10:00",
                                 "--tz", "Europe/Paris")
        self.assertEqual(rc, 0, (doc, err))
        cid = doc["callback"]["id"]
        server = self.control("/_test/callbacks")
        self.assertEqual([c["id"] for c in server["callbacks"]], [cid])
        rc, doc, err = self.http("callback", "reschedule", cid, "--at", day(3) + "T11:00",
                                 "--tz", "Europe/Paris")
        self.assertEqual(rc, 0, (doc, err))
        server = self.control("/_test/callbacks")
        self.assertEqual(server["callbacks"][0]["callbackScheduledTime"][:19],
                         doc["scheduled"][:19])
        rc, doc, err = self.http("callback", "cancel", cid)
        self.assertEqual(rc, 0, (doc, err))
        self.assertEqual(self.control("/_test/callbacks")["disconnected"], 1)
        rc, doc, err = self.http("callback", "cancel", "00000000-0000-4000-8000-000000000000")
        self.assertEqual(rc, 1, (doc, err))
        self.assertIn("not found", err)
        self.assertEqual(self.control("/_test/violations")["violations"], [])

    def test_refusals_and_failures(self):
        rc, doc, _ = self.http("callback", "schedule", "--queue", "support",
                               "--number", "+33142685300", "--at", day(40) + "T10:00")
        self.assertEqual(rc, 1)
        self.assertIn("CB-HORIZON", [e["rule"] for e in doc["report"]])
        rc, out, err = self.http("callback", "list", json_out=False)
        self.assertEqual(rc, 2)
        rc, out, err = self.t.run("--http", self.url, "--as", "ana", "callback", "schedule",
                                  "--queue", "q", "--number", "+33142685300", "--asap",
                                  engine=False)
        self.assertEqual(rc, 2)
        self.assertIn("LCC_CLIENT_ID", err)
        secret = "s3cr3t-never-printed"
        rc, out, err = self.http("--verbose", "callback", "schedule", "--queue", "q",
                                 "--number", "+33142685300", "--asap",
                                 env={"LCC_CLIENT_SECRET": secret}, json_out=False)
        self.assertEqual(rc, 3, err)
        self.assertIn("authentication failed", err)
        self.assertNotIn(secret, out + err)
        self.assertEqual(self.control("/_test/callbacks")["count"], 0)

    def test_echoed_secret_never_printed(self):
        # a backend whose error bodies echo the client secret and its Basic
        # form: --verbose's log, the messages and --json show "[redacted]"
        import base64
        secret = self.creds["LCC_CLIENT_SECRET"]
        basic = base64.b64encode(f"test-client:{secret}".encode()).decode()

        def fault(match, status, message):
            self.server.fault(match, status, {"message": message, "code": "echo",
                                              "status": status, "contextId": secret})

        schedule = ["callback", "schedule", "--queue", "support", "--number", "+33142685300",
                    "--asap"]
        fault("POST /oauth/token", 400, f"secret {secret} (Basic {basic}) is locked")
        rc, out, err = self.http("--verbose", *schedule, json_out=False)
        self.assertEqual(rc, 3, err)
        self.assertIn("secret [redacted] (Basic [redacted]) is locked", err)
        texts = [out, err]
        fault("POST /api/v2/conversations/callbacks", 500, f"no, {secret}")
        rc, doc, err = self.http("--verbose", *schedule)
        self.assertEqual(rc, 3, (doc, err))
        self.assertIn("no, [redacted]", json.dumps(doc))
        texts += [json.dumps(doc), err]
        for text in texts:
            self.assertNotIn(secret, text)
            self.assertNotIn(basic, text)
        self.assertEqual(self.control("/_test/callbacks")["count"], 0)

    def test_import(self):
        csv_path = os.path.join(self.t.root, "in.csv")
        out_path = os.path.join(self.t.root, "results.csv")
        bad = write_rows(csv_path, 60, bad_every=20)
        rc, out, err = self.http("import", csv_path, "--out", out_path, json_out=False)
        self.assertEqual(rc, 1, err)
        last, _ = results(out_path)
        self.assertEqual({r for r, v in last.items() if v["status"] == "refused"}, bad)
        ok = {v["callback_id"] for v in last.values() if v["status"] == "ok"}
        server = self.control("/_test/callbacks")
        self.assertEqual({c["id"] for c in server["callbacks"]}, ok)
        # run again: nothing sent twice
        rc, doc, err = self.http("import", csv_path, "--out", out_path)
        self.assertEqual((doc["processed"], doc["done_earlier"]), (0, 60))
        self.assertEqual(self.control("/_test/callbacks")["count"], len(ok))
        self.assertEqual(self.control("/_test/violations")["violations"], [])


if __name__ == "__main__":
    del sys.argv[1:]
    unittest.main(verbosity=2)
