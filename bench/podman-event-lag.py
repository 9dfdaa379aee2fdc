#!/usr/bin/env python3
"""How late does Podman's Docker-compatible event stream deliver an event, after the time the
event itself carries (timeNano)? A raw client on the service's socket (scripts/podman.sh), while
COUNT containers are run and removed with the podman command; prints each action's lag.

    python3 bench/podman-event-lag.py [COUNT]        (default 20)

This is the floor under any follower's event-to-answer time on that engine: dockerdns cannot answer
an event before the stream tells it. Docker's stream, measured the same way, is the reference."""
import json
import os
import socket
import subprocess
import sys
import time

SOCKET = "/run/dockerdns-test/podman.sock"
ENV = dict(os.environ, CONTAINERS_CONF="/run/dockerdns-test/containers.conf")
NAME = "ddbench-podman-lag"


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    stream = socket.socket(socket.AF_UNIX)
    stream.connect(SOCKET)
    stream.sendall(b"GET /events HTTP/1.1\r\nHost: podman\r\n\r\n")
    stream.settimeout(0.1)
    lags = {}
    podman = lambda *args: subprocess.run(["podman", *args], env=ENV, capture_output=True)
    try:
        for _ in range(count):
            podman("run", "-d", "--name", NAME, "dockerdns-test/busybox:latest", "sleep", "100")
            read(stream, lags, time.time() + 0.6)
            podman("rm", "-f", "-t", "0", NAME)
            read(stream, lags, time.time() + 0.6)
    finally:
        podman("rm", "-f", "-t", "0", NAME)
    for action in ("start", "die", "remove"):
        v = sorted(lags.get(action, []))
        if v:
            print("%-7s n=%d  min %.1f  p50 %.1f  max %.1f ms after its timeNano"
                  % (action, len(v), v[0], v[len(v) // 2], v[-1]))


def read(stream, lags, until):
    while time.time() < until:
        try:
            data = stream.recv(65536)
        except socket.timeout:
            continue
        now = time.time_ns()
        for line in data.split(b"\n"):
            if b'"timeNano"' in line and b"{" in line:
                try:
                    event = json.loads(line[line.index(b"{"):])
                except ValueError:
                    continue  # an event cut by a read's end: rare, and only one sample lost
                lags.setdefault(event["Action"], []).append((now - event["timeNano"]) / 1e6)


if __name__ == "__main__":
    main()
