#!/usr/bin/env bash
# DNS throughput and latency: dockerdns against dnsmasq, serving the same names from the same
# real containers, on loopback, in the same run.
#
#   bench/dns-throughput.sh                       # 100 containers, 15 s per measurement
#   CONTAINERS=50 DURATION=10 ROUNDS=3 bench/dns-throughput.sh
#
# For each server: saturation (dnsperf, unlimited rate) -> queries/s and lost queries, measured
# ROUNDS times, interleaved A B A B to even out what else the machine does, median reported; then
# latency at a fixed RATE -> p50 and p99 from dnsperf's per-query times. dockerdns is warmed up
# first (a fresh JVM needs some seconds of load to reach its steady speed).
set -euo pipefail
cd "$(dirname "$0")/.."

CONTAINERS=${CONTAINERS:-100}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
ROUNDS=${ROUNDS:-2}
RATE=${RATE:-5000}
DOCKERDNS_PORT=${DOCKERDNS_PORT:-5300}
DNSMASQ_PORT=${DNSMASQ_PORT:-5301}
PREFIX=ddbench-

NAME=bench
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup dnsperf:dnsperf dnsmasq:dnsmasq-base

say "starting $CONTAINERS containers"
seq 1 "$CONTAINERS" | xargs -P 4 -I{} docker run -d --name "${PREFIX}c{}" \
  dockerdns-test/busybox:latest sleep 3600 >/dev/null

# The same names for both servers: each container's name and its hostname (the short id).
docker inspect --format '{{.NetworkSettings.IPAddress}} {{slice .Name 1}}.docker {{.Config.Hostname}}.docker' \
  $(docker ps -q --filter "name=$PREFIX") >"$work/hosts"
awk '{print $2" A"; print $3" A"}' "$work/hosts" >"$work/queries"
names=$(wc -l <"$work/queries")

java -jar dockerdns-cli/target/dockerdns.jar run --dns-port "$DOCKERDNS_PORT" \
  --dns-protocols udp,tcp >"$work/dockerdns.log" 2>&1 &
pids+=($!)
dnsmasq --keep-in-foreground --conf-file=/dev/null --port="$DNSMASQ_PORT" \
  --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --addn-hosts="$work/hosts" --local=/docker/ --cache-size=10000 --user=root \
  --log-facility=/dev/null &
pids+=($!)

sample=$(head -1 "$work/queries" | cut -d' ' -f1)
for _ in $(seq 1 100); do
  a=$(dig +short @127.0.0.1 -p "$DOCKERDNS_PORT" "$sample" 2>/dev/null || true)
  b=$(dig +short @127.0.0.1 -p "$DNSMASQ_PORT" "$sample" 2>/dev/null || true)
  [ -n "$a" ] && [ "$a" = "$b" ] && break
  sleep 0.2
done
[ -n "$a" ] && [ "$a" = "$b" ] || { say "servers disagree on $sample: '$a' vs '$b'"; exit 1; }
say "both servers answer $sample = $a; $names names"

say "warming up dockerdns for ${WARMUP}s"
dnsperf -s 127.0.0.1 -p "$DOCKERDNS_PORT" -d "$work/queries" -l "$WARMUP" -q 200 >/dev/null

saturate() { # port -> "qps lost"
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l "$DURATION" -q 200 \
    | awk '/Queries per second/{q=$4} /Queries lost/{l=$3} END{print q, l}'
}
latency() { # port -> "p50_ms p99_ms"
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l 5 -Q "$RATE" -v \
    | awk '/^> /{print $NF*1000}' | sort -n \
    | awk '{v[NR]=$1} END{printf "%.3f %.3f\n", v[int(NR*0.5)], v[int(NR*0.99)]}'
}

: >"$work/dockerdns.qps"; : >"$work/dnsmasq.qps"; lost_d=0; lost_m=0
for round in $(seq 1 "$ROUNDS"); do
  read -r q l < <(saturate "$DOCKERDNS_PORT"); echo "$q" >>"$work/dockerdns.qps"; lost_d=$((lost_d + l))
  say "round $round dockerdns: $q q/s, $l lost"
  read -r q l < <(saturate "$DNSMASQ_PORT"); echo "$q" >>"$work/dnsmasq.qps"; lost_m=$((lost_m + l))
  say "round $round dnsmasq:   $q q/s, $l lost"
done
qd=$(median <"$work/dockerdns.qps"); qm=$(median <"$work/dnsmasq.qps")
read -r p50d p99d < <(latency "$DOCKERDNS_PORT")
read -r p50m p99m < <(latency "$DNSMASQ_PORT")

printf '\n%s names from %s containers; saturation: %s x %ss per server (median), latency at %s q/s\n' \
  "$names" "$CONTAINERS" "$ROUNDS" "$DURATION" "$RATE"
printf '%-10s %12s %8s %10s %10s\n' server "queries/s" lost "p50 ms" "p99 ms"
printf '%-10s %12.0f %8d %10s %10s\n' dockerdns "$qd" "$lost_d" "$p50d" "$p99d"
printf '%-10s %12.0f %8d %10s %10s\n' dnsmasq "$qm" "$lost_m" "$p50m" "$p99m"
awk -v a="$qd" -v b="$qm" 'BEGIN{printf "ratio dockerdns/dnsmasq queries/s: %.2f\n", a/b}'
