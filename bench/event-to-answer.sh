#!/usr/bin/env bash
# How long after the engine's start / die event does the DNS answer change? (event timestamps
# from `docker events`, answers from a tight UDP query loop; see bench/EventToAnswer.java)
#   bench/event-to-answer.sh [COUNT]      (default 100 containers)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5302}
scripts/ensure-engine.sh >/dev/null
./dockerdns --version >/dev/null # builds the jar when needed
java -jar dockerdns-cli/target/dockerdns.jar run --dns-port "$PORT" --dns-protocols udp \
  >/tmp/dockerdns-event-bench.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; docker ps -aq --filter name=ddbench-evt | xargs -r docker rm -f >/dev/null' EXIT
for _ in $(seq 1 100); do
  dig +short +tries=1 +time=1 @127.0.0.1 -p "$PORT" docker SOA >/dev/null 2>&1 && break
  sleep 0.1
done
java bench/EventToAnswer.java "$PORT" "${1:-100}"
