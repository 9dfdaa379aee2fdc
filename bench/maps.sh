#!/usr/bin/env bash
# Does the registry's own map earn its place? ShardedMap against Vavr's HashMap (a maintained hash
# array mapped trie) at 1k, 10k and 100k names: lookups per second on one core, the time of one
# event's puts, and the heap per entry.
#
#   bench/maps.sh        # about 8 minutes
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q install -DskipTests -DskipITs -pl dockerdns-core -am >/dev/null
mvn -B -q -f bench/jmh/pom.xml package >/dev/null
java -cp bench/jmh/target/benchmarks.jar io.dockerdns.core.registry.MapMemory
# Lookups pinned to one core, as bench/registry.sh does (see there why).
taskset -c "$(($(nproc) - 1))" java -jar bench/jmh/target/benchmarks.jar -foe true \
  'MapBenchmark.lookup'
java -jar bench/jmh/target/benchmarks.jar -foe true 'MapBenchmark.applyOneEvent'
