#!/usr/bin/python3
"""Misbehaving native-messaging hosts for the browser test's error paths.

    stub-host.py exit       reads one request, then exits without replying
    stub-host.py oversize   answers each request with a frame just over 1 MiB

The browser starts a host as `path ORIGIN`, so tests/browser/e2e.mjs writes
a small wrapper script per mode and points the host manifest at it.
"""
import json
import struct
import sys


def read_frame(stream):
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack("=I", head)
    return stream.read(size)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "exit"
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    if mode == "exit":
        read_frame(stdin)
        sys.exit(0)
    if mode == "oversize":
        while True:
            frame = read_frame(stdin)
            if frame is None:
                return
            try:
                rid = json.loads(frame).get("id")
            except ValueError:
                rid = None
            body = json.dumps({"id": rid, "result": {"pad": "x" * (1024 * 1024 + 16)}}).encode()
            stdout.write(struct.pack("=I", len(body)) + body)
            stdout.flush()
    sys.exit(f"stub-host.py: unknown mode {mode!r}")


if __name__ == "__main__":
    main()
