#!/usr/bin/env bash
# The test command: makes a Docker Engine and the test image ready (installing and starting them
# when none is reachable), then runs every unit and integration test.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-engine.sh
exec mvn -B verify "$@"
