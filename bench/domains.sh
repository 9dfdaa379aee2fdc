#!/usr/bin/env bash
# What a second --domain costs a question (JMH, one core): the resolver answering A for 10k
# synthetic containers with one domain, and with two asked under each. About 2 minutes.
#
#   bench/domains.sh
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q install -DskipTests -DskipITs -pl dockerdns-core -am >/dev/null
mvn -B -q -f bench/jmh/pom.xml package >/dev/null
taskset -c "$(($(nproc) - 1))" java -jar bench/jmh/target/benchmarks.jar -foe true DomainsBenchmark
