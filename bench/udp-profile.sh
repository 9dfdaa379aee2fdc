#!/usr/bin/env bash
# Where UDP's time goes: dockerdns (through the launcher) answering dnsperf, measured with
# /proc (CPU per query, user and system), perf stat (system calls per query) and perf record
# (shares by binary and the top symbols, compiled Java named through -XX:+DumpPerfMapAtExit).
#
#   bench/udp-profile.sh                        # 20 containers, 40,000 q/s for 8 s
#   RATE=0 bench/udp-profile.sh                 # RATE=0: as fast as dnsperf can
#   RATE=0 CAP=30000 bench/udp-profile.sh
#       # the server limited to 30 ms of CPU per 100 ms (a cgroup), so it, not dnsperf, is the limit
#   FORWARD=1000 RATE=20000 bench/udp-profile.sh
#       # forwarded names instead: 1,000 names of an upstream (dnsmasq on loopback), answered from
#       # dockerdns's cache (warmed first), as bench/forward.sh measures them
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-40000}
DURATION=${DURATION:-8}
CAP=${CAP:-}
CONTAINERS=${CONTAINERS:-20}
FORWARD=${FORWARD:-0}
PORT=${PORT:-5350}
UPSTREAM_PORT=${UPSTREAM_PORT:-5351}
PREFIX=ddprof-
NAME=udp-profile
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup dnsperf:dnsperf perf:linux-perf

seq 1 "$CONTAINERS" | xargs -P 4 -I{} docker run -d --name "${PREFIX}c{}" dockerdns-test/busybox:latest sleep 3600 >/dev/null
# Names, AAAA of names (NODATA) and missing names.
seq 1 "$CONTAINERS" | awk -v p="$PREFIX" '{print p "c" $1 ".docker A"; print p "c" $1 ".docker AAAA"; print "missing" $1 ".docker A"}' >"$work/queries"

forward=()
if [ "$FORWARD" != 0 ]; then
  for i in $(seq 1 "$FORWARD"); do
    echo "host-record=h$i.example.test,10.$((i / 65536 % 256)).$((i / 256 % 256)).$((i % 256))"
  done >"$work/upstream.conf"
  seq 1 "$FORWARD" | awk '{print "h"$1".example.test A"}' >"$work/queries"
  /usr/sbin/dnsmasq --keep-in-foreground --conf-file="$work/upstream.conf" --no-resolv --no-hosts \
    --user=root --pid-file="$work/upstream.pid" --bind-interfaces --listen-address=127.0.0.1 \
    --port="$UPSTREAM_PORT" --auth-server=ns.example.test,lo --auth-zone=example.test --auth-ttl=300 &
  pids+=($!)
  forward=(--forward "127.0.0.1:$UPSTREAM_PORT")
fi

DOCKERDNS_JAVA_OPTS="${DOCKERDNS_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" \
  ./dockerdns run --dns-port "$PORT" --nxdomain "${forward[@]}" >"$work/dockerdns.log" 2>&1 &
pid=$!
pids+=("$pid")
for _ in $(seq 1 100); do grep -q "DNS listening" "$work/dockerdns.log" && break; sleep 0.1; done
say "$(grep -o 'DNS listening.*' "$work/dockerdns.log")"
dnsperf -s 127.0.0.1 -p "$PORT" -d "$work/queries" -l 10 -q 200 >/dev/null # warm-up

if [ -n "$CAP" ]; then
  if [ -d /sys/fs/cgroup/cpu ]; then # cgroup v1
    cg=/sys/fs/cgroup/cpu/ddbench-cap
    mkdir -p "$cg"
    echo 100000 >"$cg/cpu.cfs_period_us"
    echo "$CAP" >"$cg/cpu.cfs_quota_us"
  else
    cg=/sys/fs/cgroup/ddbench-cap
    mkdir -p "$cg"
    echo "$CAP 100000" >"$cg/cpu.max"
  fi
  echo "$pid" >"$cg/cgroup.procs"
fi

ticks() { sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12, $13}'; }
args=(-s 127.0.0.1 -p "$PORT" -d "$work/queries" -l "$DURATION" -q 200 -c 8)
[ "$RATE" != 0 ] && args+=(-Q "$RATE")
# First the CPU per query alone (tracing system calls costs CPU of its own), then the same load
# again under perf.
read -r u0 s0 < <(ticks)
out=$(dnsperf "${args[@]}")
read -r u1 s1 < <(ticks)
perf stat -e 'syscalls:sys_enter_*' -p "$pid" -o "$work/syscalls" -- sleep "$((DURATION - 1))" &
stat_pid=$!
perf record -F 999 -g -p "$pid" -o "$work/perf.data" -- sleep "$((DURATION - 1))" >/dev/null 2>&1 &
record_pid=$!
traced=$(dnsperf "${args[@]}")
wait "$stat_pid" "$record_pid" || true
kill "$pid"
wait "$pid" 2>/dev/null || true # writes /tmp/perf-PID.map for the Java symbols
[ -n "$CAP" ] && rmdir "$cg" 2>/dev/null || true

hz=$(getconf CLK_TCK)
queries=$(awk '/Queries completed/{print $3}' <<<"$out")
echo
echo "udp, ${RATE/#0/saturation} q/s asked${CAP:+, server capped to $CAP us per 100 ms}: $(awk '/Queries per second/{printf "%.0f", $4}' <<<"$out") q/s answered"
awk -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$hz" -v q="$queries" \
  'BEGIN{printf "CPU per query %.2f us (user %.2f, system %.2f)\n", (u+s)/hz/q*1e6, u/hz/q*1e6, s/hz/q*1e6}'
traced_queries=$(awk '/Queries completed/{print $3}' <<<"$traced")
awk -v q="$traced_queries" -v d="$DURATION" '/syscalls:sys_enter/ {gsub(",", "", $1); if ($1 > 0) {n += $1; split($2, a, "sys_enter_"); c[a[2]] = $1}}
  END {printf "system calls per query %.2f:", n / (q * (d - 1) / d); for (k in c) if (c[k] > n / 100) printf " %s %.2f", k, c[k] / (q * (d - 1) / d); print ""}' "$work/syscalls"
echo "CPU by binary (traced run):"
perf report -i "$work/perf.data" --no-children --sort dso -q -g none 2>/dev/null | head -6
echo "top symbols:"
perf report -i "$work/perf.data" --no-children --sort sym -q -g none 2>/dev/null | head -15
