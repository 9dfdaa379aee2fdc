#!/usr/bin/env bash
# dockerdns as a forwarding resolver against dnsmasq as one (the resolver most Docker DNS tools
# build on), both in front of the same upstream (dnsmasq, authoritative for example.test) on
# loopback, in one run: UDP saturation and latency for answers from each one's cache, and the
# CPU each needs per query at a fixed rate. Every figure comes with its ratio to dnsmasq's.
#
#   bench/forward.sh                          # 1,000 names, 3 interleaved rounds of 10 s
#   NAMES=5000 ROUNDS=5 DURATION=15 bench/forward.sh
#
# Both caches are warmed with every name first, so the rounds measure cache hits (TTL 300, longer
# than the run). dnsmasq runs with cache-size 10000; dockerdns with its defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

NAMES=${NAMES:-1000}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CPU_RATE=${CPU_RATE:-20000}
LATENCY_RATE=${LATENCY_RATE:-5000}
UPSTREAM_PORT=${UPSTREAM_PORT:-5330}
DOCKERDNS_PORT=${DOCKERDNS_PORT:-5331}
DNSMASQ_PORT=${DNSMASQ_PORT:-5332}
PREFIX=ddfwd-

NAME=forward
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup dnsperf:dnsperf

for i in $(seq 1 "$NAMES"); do
  echo "host-record=h$i.example.test,10.$((i / 65536 % 256)).$((i / 256 % 256)).$((i % 256))"
done >"$work/upstream.conf"
seq 1 "$NAMES" | awk '{print "h"$1".example.test A"}' >"$work/queries"

/usr/sbin/dnsmasq --keep-in-foreground --conf-file="$work/upstream.conf" --no-resolv --no-hosts \
  --user=root --bind-interfaces --listen-address=127.0.0.1 --port="$UPSTREAM_PORT" \
  --auth-server=ns.example.test,lo --auth-zone=example.test --auth-ttl=300 &
pids+=($!)
/usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --user=root \
  --bind-interfaces --listen-address=127.0.0.1 --port="$DNSMASQ_PORT" --cache-size=10000 \
  --server="127.0.0.1#$UPSTREAM_PORT" &
dnsmasq_pid=$!
pids+=("$dnsmasq_pid")
java -jar dockerdns-cli/target/dockerdns.jar run --dns-port "$DOCKERDNS_PORT" \
  --forward "127.0.0.1:$UPSTREAM_PORT" >"$work/dockerdns.log" 2>&1 &
dockerdns_pid=$!
pids+=("$dockerdns_pid")

for _ in $(seq 1 150); do
  [ -n "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "$DOCKERDNS_PORT" h1.example.test 2>/dev/null)" ] &&
    [ -n "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "$DNSMASQ_PORT" h1.example.test 2>/dev/null)" ] && break
  sleep 0.2
done
say "warming both caches with $NAMES names, and dockerdns's JIT for 10 s"
for port in "$DOCKERDNS_PORT" "$DNSMASQ_PORT"; do
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -n 1 -Q 2000 >/dev/null
done
dnsperf -s 127.0.0.1 -p "$DOCKERDNS_PORT" -d "$work/queries" -l 10 -q 200 >/dev/null
for s in dockerdns dnsmasq; do
  for f in cpu udp p50 p99; do : >"$work/$s.$f"; done
  echo 0 >"$work/$s.lost"
done

ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
hz=$(getconf CLK_TCK)
measure() { # name port pid
  local before after lost q l p50 p99
  before=$(ticks "$3")
  lost=$(dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries" -l "$DURATION" -Q "$CPU_RATE" | awk '/Queries lost/{print $3}')
  after=$(ticks "$3")
  awk -v t=$((after - before)) -v hz="$hz" -v d="$DURATION" 'BEGIN{printf "%.3f\n", t / hz / d}' >>"$work/$1.cpu"
  read -r q l < <(dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries" -l "$DURATION" -q 200 -c 8 2>/dev/null |
    awk '/Queries per second/{q=$4} /Queries lost/{l=$3} END{print q, l}')
  echo "$q" >>"$work/$1.udp"
  echo $(($(cat "$work/$1.lost") + lost + l)) >"$work/$1.lost"
  read -r p50 p99 < <(dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries" -l 5 -Q "$LATENCY_RATE" -v |
    awk '/^> /{print $NF*1000}' | sort -n | awk '{v[NR]=$1} END{printf "%.3f %.3f\n", v[int(NR*0.5)], v[int(NR*0.99)]}')
  echo "$p50" >>"$work/$1.p50"
  echo "$p99" >>"$work/$1.p99"
  say "$1: $(tail -1 "$work/$1.cpu") cores at $CPU_RATE q/s; UDP $q q/s; p50 $p50 ms, p99 $p99 ms"
}
for round in $(seq 1 "$ROUNDS"); do
  say "round $round"
  measure dockerdns "$DOCKERDNS_PORT" "$dockerdns_pid"
  measure dnsmasq "$DNSMASQ_PORT" "$dnsmasq_pid"
done

echo
printf '%s names, answers from the cache; medians of %s interleaved rounds of %s s\n' "$NAMES" "$ROUNDS" "$DURATION"
printf '%-10s %14s %10s %8s %9s %9s\n' server "cores@${CPU_RATE}" "UDP q/s" lost "p50 ms" "p99 ms"
for s in dockerdns dnsmasq; do
  printf '%-10s %14.3f %10.0f %8d %9.3f %9.3f\n' "$s" "$(median <"$work/$s.cpu")" "$(median <"$work/$s.udp")" \
    "$(cat "$work/$s.lost")" "$(median <"$work/$s.p50")" "$(median <"$work/$s.p99")"
done
ratio() { awk -v a="$(median <"$work/dockerdns.$1")" -v b="$(median <"$work/dnsmasq.$1")" 'BEGIN{printf "%.2f", a/b}'; }
printf 'dockerdns/dnsmasq: CPU per query %s, UDP q/s %s, p50 %s, p99 %s\n' "$(ratio cpu)" "$(ratio udp)" "$(ratio p50)" "$(ratio p99)"
printf 'UDP q/s ratio per round: %s\n' "$(paste -d' ' "$work/dockerdns.udp" "$work/dnsmasq.udp" | awk '{printf "%.2f ", $1 / $2}')"
