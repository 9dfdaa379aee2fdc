#!/usr/bin/env bash
# The registry at 1k, 10k and 100k synthetic containers (JMH): name lookups per second on one
# core, the time to apply one event, and the heap per container.
#
#   bench/registry.sh                 # all, about 6 minutes (lookups in three JVMs each)
#   bench/registry.sh lookupByName    # a JMH regular expression: only those benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q install -DskipTests -DskipITs -pl dockerdns-core -am >/dev/null
mvn -B -q -f bench/jmh/pom.xml package >/dev/null
java -jar bench/jmh/target/benchmarks.jar -foe true "${1:-RegistryBenchmark}"
echo
java -Xmx2g -cp bench/jmh/target/benchmarks.jar io.dockerdns.bench.MemoryPerContainer
