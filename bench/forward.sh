#!/usr/bin/env bash
# dockerdns as a forwarding resolver against Unbound and dnsmasq as ones, all three in front of the
# same upstream (dnsmasq, authoritative for example.test) on loopback, in one run: CPU per query at
# a fixed rate, UDP saturation, and latency at a low rate, for answers from each one's cache; and,
# on the same dockerdns, the same figures for its own names (containers), so a forwarded answer
# can be compared with an own one. Every figure comes with its ratio to Unbound's and dnsmasq's.
#
#   bench/forward.sh                          # 1,000 names, 3 interleaved rounds of 10 s
#   NAMES=5000 ROUNDS=5 DURATION=15 bench/forward.sh
#   DOCKERDNS_JAVA_OPTS=-XX:TieredStopAtLevel=4 bench/forward.sh   # extra JVM options
#
# dockerdns runs through the launcher (./dockerdns), with the JVM options users get. Unbound runs
# one thread, iterator only (no validator: the upstream zone is not signed), a forward-zone to the
# upstream, rate limits off. dnsmasq runs with cache-size 10000. Caches are warmed with every name
# first, so the rounds measure cache hits (TTL 300, longer than the run). Each dnsmasq has a pid
# file of its own (a shared /var/run/dnsmasq.pid made a second one fail to start).
set -euo pipefail
cd "$(dirname "$0")/.."

NAMES=${NAMES:-1000}
CONTAINERS=${CONTAINERS:-20}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CPU_RATE=${CPU_RATE:-20000}
LATENCY_RATE=${LATENCY_RATE:-5000}
UPSTREAM_PORT=${UPSTREAM_PORT:-5330}
DOCKERDNS_PORT=${DOCKERDNS_PORT:-5331}
DNSMASQ_PORT=${DNSMASQ_PORT:-5332}
UNBOUND_PORT=${UNBOUND_PORT:-5333}
PREFIX=ddfwd-

NAME=forward
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup dnsperf:dnsperf unbound:unbound

for i in $(seq 1 "$NAMES"); do
  echo "host-record=h$i.example.test,10.$((i / 65536 % 256)).$((i / 256 % 256)).$((i % 256))"
done >"$work/upstream.conf"
seq 1 "$NAMES" | awk '{print "h"$1".example.test A"}' >"$work/queries"

say "starting $CONTAINERS containers for dockerdns's own names"
seq 1 "$CONTAINERS" | xargs -P 4 -I{} docker run -d --name "${PREFIX}c{}" dockerdns-test/busybox:latest sleep 3600 >/dev/null
awk -v n="$NAMES" -v c="$CONTAINERS" -v p="$PREFIX" 'BEGIN{for (i = 0; i < n; i++) print p "c" (1 + i % c) ".docker A"}' >"$work/own"

/usr/sbin/dnsmasq --keep-in-foreground --conf-file="$work/upstream.conf" --no-resolv --no-hosts \
  --user=root --pid-file="$work/upstream.pid" --bind-interfaces --listen-address=127.0.0.1 \
  --port="$UPSTREAM_PORT" --auth-server=ns.example.test,lo --auth-zone=example.test --auth-ttl=300 &
pids+=($!)
/usr/sbin/dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --user=root \
  --pid-file="$work/dnsmasq.pid" --bind-interfaces --listen-address=127.0.0.1 \
  --port="$DNSMASQ_PORT" --cache-size=10000 --server="127.0.0.1#$UPSTREAM_PORT" &
dnsmasq_pid=$!
pids+=("$dnsmasq_pid")
cat >"$work/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $UNBOUND_PORT
  num-threads: 1
  module-config: "iterator"
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
  ratelimit: 0
  ip-ratelimit: 0
  username: ""
  chroot: ""
  directory: "$work"
  pidfile: "$work/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 0
  msg-cache-size: 16m
  rrset-cache-size: 32m
  local-zone: "test." nodefault
remote-control:
  control-enable: no
forward-zone:
  name: "example.test."
  forward-addr: 127.0.0.1@$UPSTREAM_PORT
CONF
unbound -d -c "$work/unbound.conf" &
unbound_pid=$!
pids+=("$unbound_pid")
./dockerdns run --dns-port "$DOCKERDNS_PORT" --forward "127.0.0.1:$UPSTREAM_PORT" >"$work/dockerdns.log" 2>&1 &
dockerdns_pid=$!
pids+=("$dockerdns_pid")

for _ in $(seq 1 150); do
  ok=1
  for port in "$DOCKERDNS_PORT" "$DNSMASQ_PORT" "$UNBOUND_PORT"; do
    [ -n "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "$port" h1.example.test 2>/dev/null)" ] || ok=0
  done
  [ -n "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "$DOCKERDNS_PORT" "${PREFIX}c1.docker" 2>/dev/null)" ] || ok=0
  [ "$ok" = 1 ] && break
  sleep 0.2
done
say "warming the caches with $NAMES names, and dockerdns's JIT for 10 s"
for port in "$DOCKERDNS_PORT" "$DNSMASQ_PORT" "$UNBOUND_PORT"; do
  dnsperf -s 127.0.0.1 -p "$port" -d "$work/queries" -n 1 -Q 2000 >/dev/null
done
dnsperf -s 127.0.0.1 -p "$DOCKERDNS_PORT" -d "$work/queries" -l 5 -q 200 >/dev/null
dnsperf -s 127.0.0.1 -p "$DOCKERDNS_PORT" -d "$work/own" -l 5 -q 200 >/dev/null

servers=(dockerdns own unbound dnsmasq)
for s in "${servers[@]}"; do
  for f in cpu udp p50 p99; do : >"$work/$s.$f"; done
  echo 0 >"$work/$s.lost"
done

ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
hz=$(getconf CLK_TCK)
measure() { # name port pid queries
  local before after lost q l p50 p99
  before=$(ticks "$3")
  lost=$(dnsperf -s 127.0.0.1 -p "$2" -d "$4" -l "$DURATION" -Q "$CPU_RATE" | awk '/Queries lost/{print $3}')
  after=$(ticks "$3")
  awk -v t=$((after - before)) -v hz="$hz" -v d="$DURATION" -v r="$CPU_RATE" 'BEGIN{printf "%.2f\n", t / hz / d / r * 1e6}' >>"$work/$1.cpu"
  read -r q l < <(dnsperf -s 127.0.0.1 -p "$2" -d "$4" -l "$DURATION" -q 200 -c 8 2>/dev/null |
    awk '/Queries per second/{q=$4} /Queries lost/{l=$3} END{print q, l}')
  echo "$q" >>"$work/$1.udp"
  echo $(($(cat "$work/$1.lost") + lost + l)) >"$work/$1.lost"
  read -r p50 p99 < <(dnsperf -s 127.0.0.1 -p "$2" -d "$4" -l 5 -Q "$LATENCY_RATE" -v |
    awk '/^> /{print $NF*1000}' | sort -n | awk '{v[NR]=$1} END{printf "%.3f %.3f\n", v[int(NR*0.5)], v[int(NR*0.99)]}')
  echo "$p50" >>"$work/$1.p50"
  echo "$p99" >>"$work/$1.p99"
  say "$1: $(tail -1 "$work/$1.cpu") us CPU a query at $CPU_RATE q/s; UDP $q q/s; p50 $p50 ms, p99 $p99 ms"
}
for round in $(seq 1 "$ROUNDS"); do
  say "round $round"
  measure dockerdns "$DOCKERDNS_PORT" "$dockerdns_pid" "$work/queries"
  measure unbound "$UNBOUND_PORT" "$unbound_pid" "$work/queries"
  measure own "$DOCKERDNS_PORT" "$dockerdns_pid" "$work/own"
  measure dnsmasq "$DNSMASQ_PORT" "$dnsmasq_pid" "$work/queries"
done

echo
printf '%s names, answers from the cache (own: %s containers); medians of %s interleaved rounds of %s s\n' \
  "$NAMES" "$CONTAINERS" "$ROUNDS" "$DURATION"
printf '%-10s %16s %10s %8s %9s %9s\n' server "us/q@${CPU_RATE}" "UDP q/s" lost "p50 ms" "p99 ms"
for s in "${servers[@]}"; do
  printf '%-10s %16.2f %10.0f %8d %9.3f %9.3f\n' "$s" "$(median <"$work/$s.cpu")" "$(median <"$work/$s.udp")" \
    "$(cat "$work/$s.lost")" "$(median <"$work/$s.p50")" "$(median <"$work/$s.p99")"
done
ratio() { awk -v a="$(median <"$work/$1.$3")" -v b="$(median <"$work/$2.$3")" 'BEGIN{printf "%.2f", a/b}'; }
for ref in unbound dnsmasq own; do
  printf 'dockerdns/%s: CPU per query %s, UDP q/s %s, p50 %s, p99 %s\n' "$ref" \
    "$(ratio dockerdns "$ref" cpu)" "$(ratio dockerdns "$ref" udp)" "$(ratio dockerdns "$ref" p50)" "$(ratio dockerdns "$ref" p99)"
done
printf 'CPU ratio to unbound per round: %s\n' "$(paste -d' ' "$work/dockerdns.cpu" "$work/unbound.cpu" | awk '{printf "%.2f ", $1 / $2}')"
printf 'UDP q/s ratio to unbound per round: %s\n' "$(paste -d' ' "$work/dockerdns.udp" "$work/unbound.udp" | awk '{printf "%.2f ", $1 / $2}')"
