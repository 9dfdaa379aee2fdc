#!/usr/bin/env bash
# Shared by the benchmark scripts; sourced after `cd` to the repository root, with NAME (the
# script's short name) and PREFIX (the name prefix of the containers it starts) set.
#
# Makes the engine and the test image ready, installs the Debian tools given to bench_setup when
# missing, builds the jar when needed, and gives a work directory, $work, that is removed on exit
# with the containers named $PREFIX* and the processes added to the pids array.

say() { echo "[$NAME] $*" >&2; }

bench_setup() { # tool:package...
  scripts/ensure-engine.sh >/dev/null
  local tool
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null || {
      say "installing ${tool##*:}"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool##*:}" >/dev/null
    }
  done
  ./dockerdns --version >/dev/null # builds the jar when needed
  work=$(mktemp -d)
  chmod 755 "$work"
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  docker ps -aq --filter "name=$PREFIX" | xargs -r docker rm -f >/dev/null 2>&1 || true
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup; fi
  rm -rf "$work"
}

median() { sort -n | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
