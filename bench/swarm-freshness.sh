#!/usr/bin/env bash
# How soon after `docker service scale` does the new task answer? On the Swarm lab (scripts/lab.sh
# swarm: a manager and a worker), dockerdns follows the manager; each round scales a service from
# 1 to 2 replicas and back. Per round it records, from the scale command's return, when the
# manager's own API first lists the new task running (the reference: the swarm's convergence) and
# when dig first answers it (tasks.SERVICE.docker), polling both every ~20 ms.
#   bench/swarm-freshness.sh [ROUNDS]      (default 20; the lab is removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5303}
NAME=swarm-freshness
PREFIX=ddbench-swarm
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_extra_cleanup() { scripts/lab.sh down >/dev/null 2>&1 || true; }
bench_setup
manager=$(scripts/lab.sh swarm | tail -1)
docker -H "unix://$manager" network create -d overlay "$PREFIX-net" >/dev/null
docker -H "unix://$manager" service create -d --name "$PREFIX-svc" --network "$PREFIX-net" \
  --replicas 1 dockerdns-test/busybox:latest sleep 3600 >/dev/null
./dockerdns run --dns-port "$PORT" --dns-protocols udp --docker-url "unix://$manager" \
  >"$work/dockerdns.log" 2>&1 &
pids+=($!)
python3 - "$manager" "$PORT" "$PREFIX-svc" "${1:-20}" <<'EOF'
import json, socket, subprocess, sys, time, urllib.parse

manager, port, service, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def running_tasks():
    filters = urllib.parse.quote(json.dumps({"service": [service], "desired-state": ["running"]}))
    out = subprocess.run(["curl", "-s", "--unix-socket", manager, f"http://x/tasks?filters={filters}"],
                         capture_output=True, text=True).stdout
    return sum(1 for t in json.loads(out) if t["Status"]["State"] == "running")

def answers():
    out = subprocess.run(["dig", "+short", "+tries=1", "+time=1", "@127.0.0.1", "-p", port,
                          f"tasks.{service}.docker"], capture_output=True, text=True).stdout
    return len([l for l in out.splitlines() if l and not l.startswith(";")])

def scale(n):
    subprocess.run(["docker", "-H", f"unix://{manager}", "service", "scale", "-d", f"{service}={n}"],
                   check=True, capture_output=True)

def wait_until(count, limit=30):
    start = time.monotonic(); engine = dig = None
    while (engine is None or dig is None) and time.monotonic() - start < limit:
        now = time.monotonic() - start
        if engine is None and running_tasks() == count: engine = now
        if dig is None and answers() == count: dig = time.monotonic() - start
        time.sleep(0.02)
    return engine, dig

if wait_until(1, 60)[1] is None:
    sys.exit("the service's first task never answered")
engine_times, dig_times = [], []
for i in range(rounds):
    scale(2)
    engine, dig = wait_until(2)
    if engine is None or dig is None:
        sys.exit(f"round {i}: no answer within 30 s (engine {engine}, dig {dig})")
    engine_times.append(engine); dig_times.append(dig)
    scale(1)
    wait_until(1)

def pct(values, p):
    s = sorted(values); return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]
lag = [d - e for d, e in zip(dig_times, engine_times)]
print(f"rounds {rounds}: scale -> task running (manager's API) p50 {pct(engine_times, 50):.2f} s p99 {pct(engine_times, 99):.2f} s")
print(f"rounds {rounds}: scale -> dig answers the task     p50 {pct(dig_times, 50):.2f} s p99 {pct(dig_times, 99):.2f} s")
print(f"dig after the manager lists it running: p50 {pct(lag, 50):.2f} s p99 {pct(lag, 99):.2f} s; "
      f"ratio dig/manager p50 {pct(dig_times, 50) / pct(engine_times, 50):.2f}x")
EOF
