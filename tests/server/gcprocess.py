"""gcserver.py as a subprocess for a test: started on 127.0.0.1 (its first
line names the port), reached through its /_test control paths, stopped.
Used by the CLI's and the native host's tests and by the Python bindings'
test_secrets.py (selftest.py, the server's own test, has its own client)."""
import json
import os
import re
import subprocess
import urllib.request

GCSERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gcserver.py")


class GcServer:
    """A running gcserver.py (args: its command-line options); `url` is its
    base URL."""

    def __init__(self, *args):
        self.proc = subprocess.Popen(["/usr/bin/python3", GCSERVER, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"PORT (\d+)", line)
        if not m:
            self.stop()
            raise RuntimeError(f"gcserver did not start: {line!r}")
        self.url = f"http://127.0.0.1:{m.group(1)}"

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()

    def control(self, path, doc=None):
        """GET path, or POST doc to it as JSON; the decoded JSON answer."""
        data = json.dumps(doc).encode() if doc is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     method="GET" if data is None else "POST")
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)

    def fault(self, match, status, body):
        """The next request matching "METHOD /path-prefix" is answered
        `status` with the JSON `body`."""
        self.control("/_test/faults", {"faults": [{"match": match, "kind": "status",
                                                   "status": status, "body": body}]})
