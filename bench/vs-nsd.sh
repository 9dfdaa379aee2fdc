#!/usr/bin/env bash
# dockerdns against NSD (a C authoritative server) serving the same names from the same real
# containers, on loopback, in one run: CPU per query at a fixed rate, saturation over UDP and TCP,
# latency at a low rate. Every figure is reported with its ratio to NSD's, measured alongside.
#
#   bench/vs-nsd.sh                                  # 100 containers, 3 rounds of 10 s
#   CONTAINERS=200 ROUNDS=5 DURATION=15 bench/vs-nsd.sh
#   DOCKERDNS_JAVA_OPTS=-XX:TieredStopAtLevel=4 bench/vs-nsd.sh   # extra JVM options for ./dockerdns
#   MIX=small bench/vs-nsd.sh                        # the second mix (below)
#   VARIANTS='c1||-XX:TieredStopAtLevel=1 c2||-XX:TieredStopAtLevel=4' bench/vs-nsd.sh
#                    # several dockerdns builds of options side by side: NAME|RUN OPTIONS|JVM OPTIONS
#   VARIANTS='before|||/tmp/old/dockerdns after||' bench/vs-nsd.sh
#                    # ... and a fourth field: another checkout's launcher (two builds, one run)
#
# dockerdns runs through the launcher (./dockerdns), so with the JVM options users get.
#
# The query mix (MIX=full): container names 40%, hostnames 20%, image wildcards 10%, SRV of
# published ports 10%, PTR 10%, missing names 10% (dockerdns runs with --nxdomain, so both say
# NXDOMAIN). MIX=small, the second mix: names 40%, hostnames 20%, AAAA of names (NODATA: the
# containers are IPv4 only) 20%, missing names 20%. NSD has
# response-rate limiting off (rrl-ratelimit: 0); otherwise it stalls near 1k q/s here. Rounds are
# interleaved (dockerdns, NSD, dockerdns, NSD, ...) and medians reported; dockerdns is warmed up
# first (a fresh JVM needs some seconds of load to reach its steady speed). At UDP saturation the
# table also has each server's CPU per query (us/q sat) and the load generator's cores (dnsperf):
# the two share the machine's cores, so the server that needs less CPU per query leaves more to
# dnsperf, which is what limits both here.
set -euo pipefail
cd "$(dirname "$0")/.."

CONTAINERS=${CONTAINERS:-100}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CPU_RATE=${CPU_RATE:-40000}
LATENCY_RATE=${LATENCY_RATE:-5000}
DOCKERDNS_PORT=${DOCKERDNS_PORT:-5320} # the first variant's; the next ones count up from 5330
NSD_PORT=${NSD_PORT:-5321}
MIX=${MIX:-full}
VARIANTS=${VARIANTS:-dockerdns||}
PREFIX=ddnsd-

NAME=vs-nsd
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_extra_cleanup() {
  for k in $(seq 0 9); do docker rmi "${PREFIX}img$k:latest" >/dev/null 2>&1 || true; done
}
bench_setup dnsperf:dnsperf nsd:nsd

say "starting $CONTAINERS containers (10 images, every other one publishing port 8080)"
for k in $(seq 0 9); do docker tag dockerdns-test/busybox:latest "${PREFIX}img$k:latest"; done
seq 1 "$CONTAINERS" | xargs -P 4 -I{} sh -c '
  i={}; publish=""; [ $((i % 2)) -eq 0 ] && publish="-p 127.0.0.1::8080"
  docker run -d --name '"$PREFIX"'c$i $publish '"$PREFIX"'img$((i % 10)):latest sleep 3600 >/dev/null'

# One line per container: ip name hostname image-short-name published-port-or-dash
docker inspect --format '{{.NetworkSettings.IPAddress}} {{slice .Name 1}} {{.Config.Hostname}} {{.Config.Image}} {{with index .NetworkSettings.Ports "8080/tcp"}}{{(index . 0).HostPort}}{{else}}-{{end}}' \
  $(docker ps -q --filter "name=$PREFIX") | sed -E "s| ${PREFIX}(img[0-9]):latest | ${PREFIX}\1 |" >"$work/containers"

# The same names as a zone for NSD, as dockerdns answers them.
{
  echo '$ORIGIN docker.'
  echo '$TTL 10'
  echo '@ IN SOA ns.docker. hostmaster.docker. 1 3600 600 86400 10'
  echo '@ IN NS ns.docker.'
  echo 'ns IN A 127.0.0.1'
  echo '127-0-0-1.host IN A 127.0.0.1'
  awk '{print $2" IN A "$1; print $3" IN A "$1; print $4".* IN A "$1;
        if ($5 != "-") print "_8080._tcp."$2" IN SRV 100 100 "$5" 127-0-0-1.host.docker."}' "$work/containers"
} >"$work/docker.zone"
{
  echo '$ORIGIN 17.172.in-addr.arpa.'
  echo '$TTL 10'
  echo '@ IN SOA ns.docker. hostmaster.docker. 1 3600 600 86400 10'
  echo '@ IN NS ns.docker.'
  awk '{split($1, o, "."); print o[4]"."o[3]" IN PTR "$2".docker."}' "$work/containers"
} >"$work/reverse.zone"
cat >"$work/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1
  port: $NSD_PORT
  username: ""
  chroot: ""
  zonesdir: "$work"
  database: ""
  pidfile: "$work/nsd.pid"
  xfrdfile: "$work/xfrd.state"
  xfrdir: "$work"
  logfile: "$work/nsd.log"
  server-count: 1
  rrl-ratelimit: 0
  verbosity: 0
remote-control:
  control-enable: no
zone:
  name: docker
  zonefile: docker.zone
zone:
  name: 17.172.in-addr.arpa
  zonefile: reverse.zone
CONF

# The query mix, 1,000 lines.
awk -v mix="$MIX" 'BEGIN{srand(7)} {ip[NR]=$1; name[NR]=$2; host[NR]=$3; img[NR]=$4; port[NR]=$5}
  END {
    for (q = 0; q < 1000; q++) {
      i = 1 + int(rand() * NR); r = q % 10
      if (mix == "small") {
        if (r < 4) print name[i]".docker A"
        else if (r < 6) print host[i]".docker A"
        else if (r < 8) print name[i]".docker AAAA"
        else print "missing" q ".docker A"
        continue
      }
      if (r < 4) print name[i]".docker A"
      else if (r < 6) print host[i]".docker A"
      else if (r == 6) print img[i]".*.docker A"
      else if (r == 7) { j = i; while (port[j] == "-") j = 1 + (j % NR); print "_8080._tcp."name[j]".docker SRV" }
      else if (r == 8) { split(ip[i], o, "."); print o[4]"."o[3]".17.172.in-addr.arpa PTR" }
      else print "missing" q ".docker A"
    }
  }' "$work/containers" >"$work/queries"

# The servers measured: each dockerdns variant (name, port, pid), then NSD.
servers=() ports=() spids=()
variant_port=$DOCKERDNS_PORT
for v in $VARIANTS; do
  IFS='|' read -r vname vargs vjava vlauncher <<<"$v"
  # shellcheck disable=SC2086 # several options each
  DOCKERDNS_JAVA_OPTS="${DOCKERDNS_JAVA_OPTS:-} ${vjava//,/ }" \
    "${vlauncher:-./dockerdns}" run --dns-port "$variant_port" --nxdomain ${vargs//,/ } >"$work/$vname.log" 2>&1 &
  servers+=("$vname") ports+=("$variant_port") spids+=($!)
  pids+=($!)
  [ "$variant_port" = "$DOCKERDNS_PORT" ] && variant_port=5330 || variant_port=$((variant_port + 1))
done
nsd -d -c "$work/nsd.conf" &
nsd_pid=$!
pids+=("$nsd_pid")
servers+=(nsd) ports+=("$NSD_PORT") spids+=("$nsd_pid")

# Both must give the same answers before anything is measured.
answers() { # port name type -> sorted answers, or nothing
  dig +short +norecurse +tries=1 +time=1 @127.0.0.1 -p "$1" "$2" "$3" 2>/dev/null \
    | grep -v '^;' | sort || true
}
first=$(awk 'NR==1{print $2}' "$work/containers").docker
for port in "${ports[@]}"; do
  for _ in $(seq 1 150); do
    [ -n "$(answers "$port" "$first" A)" ] && break
    sleep 0.2
  done
done
mismatches=0
while read -r qname qtype; do
  b=$(answers "$NSD_PORT" "$qname" "$qtype")
  for k in "${!servers[@]}"; do
    [ "${servers[$k]}" = nsd ] && continue
    a=$(answers "${ports[$k]}" "$qname" "$qtype")
    [ "$a" = "$b" ] || { mismatches=$((mismatches + 1)); say "${servers[$k]} differs on $qname $qtype: '$a' vs NSD '$b'"; }
  done
done < <(awk 'NR % 37 == 1' "$work/queries")
[ "$mismatches" -eq 0 ] || { say "$mismatches answers differ; not measuring"; exit 1; }
say "all servers give the same answers (sampled $(awk 'NR % 37 == 1' "$work/queries" | wc -l) questions)"
for k in "${!servers[@]}"; do
  [ "${servers[$k]}" = nsd ] && continue
  say "${servers[$k]}: $(grep -o 'DNS listening.*' "$work/${servers[$k]}.log")"
  say "warming up ${servers[$k]} for 10 s"
  dnsperf -s 127.0.0.1 -p "${ports[$k]}" -d "$work/queries" -l 10 -q 200 >/dev/null
done

# CPU ticks of a process and its descendants (NSD answers from forked server processes).
descendants() { local c; for c in $(pgrep -P "$1" || true); do echo "$c"; descendants "$c"; done; }
ticks() {
  local total=0 p
  for p in "$1" $(descendants "$1"); do
    # utime + stime, counted after the name, which may hold spaces ("nsd: server 1")
    total=$((total + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)
cpu_at_rate() { # port pid -> cores busy while answering CPU_RATE q/s, and lost queries
  local before after lost
  before=$(ticks "$2")
  lost=$(dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l "$DURATION" -Q "$CPU_RATE" \
    | awk '/Queries lost/{print $3}')
  after=$(ticks "$2")
  awk -v t=$((after - before)) -v hz="$hz" -v d="$DURATION" -v l="$lost" 'BEGIN{printf "%.3f %d\n", t / hz / d, l}'
}
# At saturation, also the server's CPU per query and the load generator's cores (see the top).
saturate() { # port mode pid -> "qps lost server_us_per_query dnsperf_cores"
  local before after out TIMEFORMAT='%U %S'
  before=$(ticks "$3")
  out=$({ time dnsperf -s 127.0.0.1 -p "$1" -m "$2" -d "$work/queries" -l "$DURATION" -q 200 -c 8 2>/dev/null; } 2>&1)
  after=$(ticks "$3")
  awk -v t=$((after - before)) -v hz="$hz" -v d="$DURATION" '
    /Queries per second/{q=$4} /Queries lost/{l=$3} {last=$0}
    END{split(last, u, " "); printf "%s %s %.2f %.2f\n", q, l, t / hz / (q * d) * 1e6, (u[1] + u[2]) / d}' <<<"$out"
}
latency() { # port -> "p50_ms p99_ms"
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l 5 -Q "$LATENCY_RATE" -v \
    | awk '/^> /{print $NF*1000}' | sort -n \
    | awk '{v[NR]=$1} END{printf "%.3f %.3f\n", v[int(NR*0.5)], v[int(NR*0.99)]}'
}

for s in "${servers[@]}"; do
  for f in cpu udp udpus gen tcp p50 p99; do : >"$work/$s.$f"; done
  echo 0 >"$work/$s.lost"
done
measure() { # name port pid
  local cores lost q l us gen p50 p99
  read -r cores lost < <(cpu_at_rate "$2" "$3"); echo "$cores" >>"$work/$1.cpu"
  read -r q l us gen < <(saturate "$2" udp "$3")
  echo "$q" >>"$work/$1.udp"; echo "$us" >>"$work/$1.udpus"; echo "$gen" >>"$work/$1.gen"
  echo $(($(cat "$work/$1.lost") + lost + l)) >"$work/$1.lost"
  read -r q l _ _ < <(saturate "$2" tcp "$3"); echo "$q" >>"$work/$1.tcp"
  read -r p50 p99 < <(latency "$2"); echo "$p50" >>"$work/$1.p50"; echo "$p99" >>"$work/$1.p99"
  say "$1: ${cores} cores at $CPU_RATE q/s; UDP $(tail -1 "$work/$1.udp") q/s ($us us CPU per query, dnsperf $gen cores); TCP $q q/s; p50 $p50 ms, p99 $p99 ms"
}
for round in $(seq 1 "$ROUNDS"); do
  say "round $round"
  for k in "${!servers[@]}"; do measure "${servers[$k]}" "${ports[$k]}" "${spids[$k]}"; done
done

row() { # name
  printf '%-10s %14.3f %10.0f %9.2f %9.2f %8d %10.0f %9.3f %9.3f\n' "$1" "$(median <"$work/$1.cpu")" \
    "$(median <"$work/$1.udp")" "$(median <"$work/$1.udpus")" "$(median <"$work/$1.gen")" \
    "$(cat "$work/$1.lost")" "$(median <"$work/$1.tcp")" "$(median <"$work/$1.p50")" "$(median <"$work/$1.p99")"
}
echo
printf '%s containers, %s names in the %s mix; medians of %s interleaved rounds of %s s\n' \
  "$CONTAINERS" "$(wc -l <"$work/queries")" "$MIX" "$ROUNDS" "$DURATION"
printf '%-10s %14s %10s %9s %9s %8s %10s %9s %9s\n' server "cores@${CPU_RATE}" "UDP q/s" "us/q sat" "dnsperf" lost "TCP q/s" "p50 ms" "p99 ms"
for s in "${servers[@]}"; do row "$s"; done
ratio() { awk -v a="$(median <"$work/$1.$2")" -v b="$(median <"$work/nsd.$2")" 'BEGIN{printf "%.2f", a/b}'; }
for s in "${servers[@]}"; do
  [ "$s" = nsd ] && continue
  printf '%s/NSD: CPU per query at %s %s (goal <= 1), UDP q/s %s, CPU per query at UDP saturation %s, TCP q/s %s, p50 %s (goal <= 1), p99 %s\n' \
    "$s" "$CPU_RATE" "$(ratio "$s" cpu)" "$(ratio "$s" udp)" "$(ratio "$s" udpus)" "$(ratio "$s" tcp)" "$(ratio "$s" p50)" "$(ratio "$s" p99)"
  # Each round's ratios, as the rounds alternate: the spread shows how much is the machine.
  printf '  per round: UDP q/s %s; CPU per query at saturation %s\n' \
    "$(paste -d' ' "$work/$s.udp" "$work/nsd.udp" | awk '{printf "%.2f ", $1 / $2}')" \
    "$(paste -d' ' "$work/$s.udpus" "$work/nsd.udpus" | awk '{printf "%.2f ", $1 / $2}')"
done
