#!/usr/bin/env bash
# Start-up: from process start to the first correct DNS answer, with COUNT running containers.
#
#   bench/startup.sh            # 100 containers, 5 alternating runs of each way to start
#
# Compares `java -jar dockerdns.jar run` with `./dockerdns run` (the launcher, which maps in the
# class-data sharing archive it recorded and uses the quick compiler only), and shows
# `dockerdns --version` (the JVM and picocli starting, nothing else) as the reference measured in
# the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-100}
RUNS=${RUNS:-5}
PORT=${PORT:-5330}
PREFIX=ddstart-

NAME=startup
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_setup python3:python3-minimal
say "starting $COUNT containers"
seq 1 "$COUNT" | xargs -P 4 -I{} docker run -d --name "${PREFIX}c{}" \
  dockerdns-test/busybox:latest sleep 3600 >/dev/null
# The launcher records its class-data sharing archive on its first start, with whatever runs then;
# recorded among the containers (as where dockerdns is installed next to them), it holds the
# classes that read a container too (~250 ms of the start-up here against an archive recorded
# with no container running).
rm -f dockerdns-cli/target/dockerdns.jsa
./dockerdns --version >/dev/null
last="${PREFIX}c$COUNT"
want=$(docker inspect --format '{{.NetworkSettings.IPAddress}}' "$last")

first_answer_ms() { # command... -> ms from start to the right answer for the last container
  python3 bench/first_answer.py "$PORT" "$last.docker" "$want" -- \
    "$@" run --dns-port "$PORT" --dns-protocols udp
}
now_ms() { date +%s%3N; }
version_ms() { local t0; t0=$(now_ms); java -jar dockerdns-cli/target/dockerdns.jar --version >/dev/null; echo $(($(now_ms) - t0)); }

: >"$work/jar"; : >"$work/launcher"; : >"$work/version"
for _ in $(seq 1 "$RUNS"); do
  first_answer_ms java -jar dockerdns-cli/target/dockerdns.jar >>"$work/jar"
  first_answer_ms ./dockerdns >>"$work/launcher"
  version_ms >>"$work/version"
done
jar=$(median <"$work/jar"); launcher=$(median <"$work/launcher"); version=$(median <"$work/version")
printf '\n%s running containers; medians of %s alternating runs\n' "$COUNT" "$RUNS"
printf '%-50s %6s ms\n' "java -jar: start -> first right answer" "$jar" \
  "./dockerdns (CDS, C1): start -> first right answer" "$launcher" \
  "reference: java -jar dockerdns.jar --version" "$version"
awk -v a="$launcher" -v b="$version" 'BEGIN{printf "./dockerdns first answer / JVM+CLI start alone: %.2f\n", a/b}'
