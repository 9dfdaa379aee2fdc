#!/usr/bin/env bash
# Soak: dnsperf at a sustained rate for a minute while containers churn underneath.
#
#   bench/soak.sh                          # 60 s at 20,000 q/s, 20 stable containers
#   DURATION=300 RATE=30000 bench/soak.sh
#
# Reports: queries sent and lost, response codes (the stable names must all be NOERROR), how many
# containers churned, WARN/ERROR lines in dockerdns's log, and the heap after a full GC at the
# start and at the end (flat means no leak), with the process's RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
RATE=${RATE:-20000}
STABLE=${STABLE:-20}
PORT=${PORT:-5310}
PREFIX=ddsoak-

NAME=soak
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup dnsperf:dnsperf

say "starting $STABLE stable containers"
seq 1 "$STABLE" | xargs -P 4 -I{} docker run -d --name "${PREFIX}stable{}" \
  dockerdns-test/busybox:latest sleep 3600 >/dev/null
for i in $(seq 1 "$STABLE"); do echo "${PREFIX}stable$i.docker A"; done >"$work/queries"

java -jar dockerdns-cli/target/dockerdns.jar run --dns-port "$PORT" >"$work/dockerdns.log" 2>&1 &
pid=$!
pids+=("$pid")
for _ in $(seq 1 100); do
  [ -n "$(dig +short @127.0.0.1 -p "$PORT" "${PREFIX}stable1.docker" 2>/dev/null || true)" ] && break
  sleep 0.2
done

heap() { # used heap after a full GC, in MiB
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); printf "%.1f", v/1024; exit}}'
}
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }

say "warming up for 10 s"
dnsperf -s 127.0.0.1 -p "$PORT" -d "$work/queries" -l 10 -Q "$RATE" >/dev/null
heap_start=$(heap)
rss_start=$(rss)

# Churn: start one container and remove the one before, for as long as the load runs.
(
  n=0
  end=$((SECONDS + DURATION))
  while [ $SECONDS -lt $end ]; do
    n=$((n + 1))
    docker run -d --name "${PREFIX}churn$n" dockerdns-test/busybox:latest sleep 3600 >/dev/null
    [ $n -gt 1 ] && docker rm -f "${PREFIX}churn$((n - 1))" >/dev/null
  done
  echo "$n" >"$work/churned"
) &
churner=$!

say "dnsperf at $RATE q/s for $DURATION s with churn underneath"
dnsperf -s 127.0.0.1 -p "$PORT" -d "$work/queries" -l "$DURATION" -Q "$RATE" >"$work/dnsperf.txt"
wait "$churner"
heap_end=$(heap)
rss_end=$(rss)

sent=$(awk '/Queries sent/ {print $3}' "$work/dnsperf.txt")
lost=$(awk '/Queries lost/ {print $3}' "$work/dnsperf.txt")
codes=$(awk -F': *' '/Response codes/ {print $2}' "$work/dnsperf.txt")
qps=$(awk '/Queries per second/ {print $4}' "$work/dnsperf.txt")
problems=$(grep -cE ' (WARN|ERROR) ' "$work/dockerdns.log" || true)

echo; printf '%-28s %s\n' "duration" "${DURATION} s at ${RATE} q/s offered" \
  "queries sent" "$sent ($qps q/s)" \
  "queries lost" "$lost" \
  "response codes" "$codes" \
  "containers churned" "$(cat "$work/churned") started and removed" \
  "WARN/ERROR log lines" "$problems" \
  "heap after full GC" "${heap_start} MiB at start, ${heap_end} MiB at end" \
  "RSS" "${rss_start} MiB at start, ${rss_end} MiB at end"
if [ "$problems" -gt 0 ]; then grep -E ' (WARN|ERROR) ' "$work/dockerdns.log" | head -5; fi
