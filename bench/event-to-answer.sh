#!/usr/bin/env bash
# How long after the engine's start / die event does the DNS answer change? (event timestamps
# from `docker events`, answers from a UDP query every 100 µs; see bench/EventToAnswer.java)
#   bench/event-to-answer.sh [COUNT]          (default 100 containers)
#   bench/event-to-answer.sh COUNT health     (health_status event -> answer, COUNT each way)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5302}
NAME=event-to-answer
PREFIX=ddbench-evt
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup
./dockerdns run --dns-port "$PORT" --dns-protocols udp \
  >"$work/dockerdns.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  dig +short +tries=1 +time=1 @127.0.0.1 -p "$PORT" docker SOA >/dev/null 2>&1 && break
  sleep 0.1
done
java bench/EventToAnswer.java "$PORT" "${1:-100}" ${2:+"$2"}
