#!/usr/bin/env bash
# A swarm of 2,000 synthetic tasks (JMH, SwarmBenchmark): the time to map one reading of the swarm
# and apply it to the registry when one service changed, and name lookups with the swarm in the
# registry against as many plain containers.
#   bench/swarm.sh        # about 3 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -DskipITs -pl dockerdns-core -am >/dev/null
mvn -B -q -f bench/jmh/pom.xml package >/dev/null
java -jar bench/jmh/target/benchmarks.jar -foe true "SwarmBenchmark" | grep -E "^(Benchmark|SwarmBenchmark)"
