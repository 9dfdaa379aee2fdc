#!/usr/bin/env bash
# Stops or starts the Docker Engine that ensure-engine.sh started, for tests of engine restarts.
#
#   scripts/engine.sh stop    # SIGTERM to dockerd (it stops containers as a real shutdown does)
#   scripts/engine.sh crash   # SIGKILL to dockerd: containers keep running without their engine
#   scripts/engine.sh start   # start dockerd again and wait until it answers
#   scripts/engine.sh freeze  # SIGSTOP to dockerd: it holds its sockets open and answers nothing
#   scripts/engine.sh thaw    # SIGCONT: it answers again
#
# Only a daemon with a pid file can be stopped: an engine managed by systemd or elsewhere is
# refused with the reason, never killed by guesswork.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/engine-lib.sh
. scripts/engine-lib.sh

pidfile=/var/run/docker.pid

case "${1:-}" in
  stop | crash)
    [ -f "$pidfile" ] || die "no $pidfile: this engine was not started by dockerd directly; stop it yourself"
    pid=$(cat "$pidfile")
    alive "$pid" || die "dockerd $pid from $pidfile is not running"
    if command -v systemctl >/dev/null && systemctl is-active --quiet docker 2>/dev/null; then
      die "dockerd is managed by systemd here: use systemctl stop docker"
    fi
    if [ "$1" = crash ]; then kill -KILL "$pid"; else kill -TERM "$pid"; fi
    for _ in $(seq 1 150); do
      alive "$pid" || { say "dockerd $pid stopped"; exit 0; }
      sleep 0.2
    done
    die "dockerd $pid did not stop within 30 s"
    ;;
  freeze | thaw)
    [ -f "$pidfile" ] || die "no $pidfile: this engine was not started by dockerd directly"
    pid=$(cat "$pidfile")
    alive "$pid" || die "dockerd $pid from $pidfile is not running"
    if [ "$1" = freeze ]; then kill -STOP "$pid"; else kill -CONT "$pid"; fi
    say "dockerd $pid: ${1} done"
    ;;
  start)
    if engine_answers; then
      say "Docker Engine already answers"
    else
      start_dockerd
      say "Docker Engine answers"
    fi
    ;;
  *)
    die "usage: scripts/engine.sh stop|crash|start|freeze|thaw"
    ;;
esac
