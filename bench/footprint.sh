#!/usr/bin/env bash
# What dockerdns costs a host that runs it all day: resident memory, heap in use and threads, with
# DNS only, with DNS forwarding to an upstream (dnsmasq on loopback, 1,000 other names asked, so
# the cache holds them), and with DNS, SFTP and the console, after a minute-like load, with
# CONTAINERS running.
#
#   bench/footprint.sh                                   # 100 containers
#   CONTAINERS=1000 bench/footprint.sh
#   DOCKERDNS_JAVA_OPTS='-Xss256k -XX:+UseSerialGC' bench/footprint.sh   # JVM options to compare
set -euo pipefail
cd "$(dirname "$0")/.."

CONTAINERS=${CONTAINERS:-100}
PORT=${PORT:-5340}
RATE=${RATE:-20000}
PREFIX=ddfoot-
NAME=footprint
# shellcheck source=bench/lib.sh
. bench/lib.sh
UPSTREAM_PORT=${UPSTREAM_PORT:-5341}
bench_setup dnsperf:dnsperf dnsmasq:dnsmasq

say "starting $CONTAINERS containers"
seq 1 "$CONTAINERS" | xargs -P 4 -I{} docker run -d --name "${PREFIX}c{}" dockerdns-test/busybox:latest sleep 3600 >/dev/null
seq 1 "$CONTAINERS" | awk -v p="$PREFIX" '{print p "c" $1 ".docker A"}' >"$work/queries"
# With forwarding: the same names, and as many again of 1,000 names the upstream answers.
seq 1 1000 | awk '{print "name" $1 ".example.test A"}' | paste -d'\n' - "$work/queries" \
  | grep . >"$work/forward-queries"
dnsmasq --no-daemon --no-resolv --no-hosts --port "$UPSTREAM_PORT" --listen-address 127.0.0.1 \
  --bind-interfaces --address=/example.test/192.0.2.1 --pid-file="$work/dnsmasq.pid" \
  >"$work/dnsmasq.log" 2>&1 &
pids+=($!)

measure() { # label, query file, then run's arguments
  local label=$1 queries=$2
  shift 2
  ./dockerdns run --dns-port "$PORT" "$@" >"$work/$label.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do grep -q "DNS listening" "$work/$label.log" && break; sleep 0.1; done
  sleep 2
  dnsperf -s 127.0.0.1 -p "$PORT" -d "$queries" -l 20 -Q "$RATE" >/dev/null
  sleep 5
  local rss threads heap
  rss=$(awk '/VmRSS/{printf "%.1f", $2 / 1024}' "/proc/$pid/status")
  threads=$(awk '/Threads/{print $2}' "/proc/$pid/status")
  heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/used/{for(i=1;i<=NF;i++) if($i=="used") {v=$(i+1); sub("K","",v); printf "%.1f", v/1024; exit}}')
  printf '%-12s RSS %6s MB  heap used %6s MB  threads %3s\n' "$label" "$rss" "${heap:-?}" "$threads"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "$CONTAINERS containers, after 20 s at $RATE q/s; JVM options: ${DOCKERDNS_JAVA_OPTS:-(launcher defaults)}"
measure dns-only "$work/queries"
measure dns-forward "$work/forward-queries" --forward "127.0.0.1:$UPSTREAM_PORT"
measure all-three "$work/queries" --console --console-port 0 --sftp --sftp-port 0 --sftp-host-key "$work/host_key"
