#!/usr/bin/env bash
# Start-up: from process start to the first correct DNS answer, with COUNT running containers.
#
#   bench/startup.sh            # 100 containers, 5 alternating runs of each way to start
#
# Compares `java -jar dockerdns.jar run` with `./dockerdns run` (the launcher, which maps in the
# class-data sharing archive it recorded), and shows `dockerdns --version` (the JVM and picocli
# starting, nothing else) as the reference measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-100}
RUNS=${RUNS:-5}
PORT=${PORT:-5330}
PREFIX=ddstart-

NAME=startup
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup # also builds the launcher's class-data sharing archive
say "starting $COUNT containers"
seq 1 "$COUNT" | xargs -P 4 -I{} docker run -d --name "${PREFIX}c{}" \
  dockerdns-test/busybox:latest sleep 3600 >/dev/null
last="${PREFIX}c$COUNT"
want=$(docker inspect --format '{{.NetworkSettings.IPAddress}}' "$last")

now_ms() { date +%s%3N; }
first_answer_ms() { # command... -> ms from start to the right answer for the last container
  local t0 pid
  t0=$(now_ms)
  "$@" run --dns-port "$PORT" --dns-protocols udp >/dev/null 2>&1 &
  pid=$!
  until [ "$(dig +short +tries=1 +time=1 @127.0.0.1 -p "$PORT" "$last.docker" 2>/dev/null)" = "$want" ]; do
    sleep 0.005
  done
  echo $(($(now_ms) - t0))
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
version_ms() { local t0; t0=$(now_ms); java -jar dockerdns-cli/target/dockerdns.jar --version >/dev/null; echo $(($(now_ms) - t0)); }

: >"$work/jar"; : >"$work/launcher"; : >"$work/version"
for _ in $(seq 1 "$RUNS"); do
  first_answer_ms java -jar dockerdns-cli/target/dockerdns.jar >>"$work/jar"
  first_answer_ms ./dockerdns >>"$work/launcher"
  version_ms >>"$work/version"
done
jar=$(median <"$work/jar"); launcher=$(median <"$work/launcher"); version=$(median <"$work/version")
printf '\n%s running containers; medians of %s alternating runs\n' "$COUNT" "$RUNS"
printf '%-44s %6s ms\n' "java -jar: start -> first right answer" "$jar" \
  "./dockerdns (CDS): start -> first right answer" "$launcher" \
  "reference: java -jar dockerdns.jar --version" "$version"
awk -v a="$launcher" -v b="$version" 'BEGIN{printf "./dockerdns first answer / JVM+CLI start alone: %.2f\n", a/b}'
