#!/usr/bin/env bash
# A second Docker Engine on this machine, as a host of its own (DESIGN 10.7): a network namespace
# reached over a veth pair and a bridge, with its own dockerd, data and socket, and the test image
# loaded. The several-engines tests use it; nothing of it touches the host's own engine.
#
#   scripts/lab.sh up      # start node n2 (idempotent); prints its socket
#   scripts/lab.sh down    # stop it and remove the namespace, bridge, data and socket
#   scripts/lab.sh socket  # the socket's path
#   scripts/lab.sh freeze  # SIGSTOP its dockerd: it holds its socket and answers nothing
#   scripts/lab.sh thaw    # SIGCONT it
#
# The node's containers get addresses on its own default bridge (172.31.0.0/24, inside the
# namespace): they are data in answers, never connected to. Never start a second dockerd in the
# host's own namespace: with --bridge none it deletes the host's docker0.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/engine-lib.sh
. scripts/engine-lib.sh

node=ddlab-n2
bridge=ddlab0
host_ip=10.77.0.1
node_ip=10.77.0.2
root=/var/lib/dockerdns-lab/n2
run=/var/run/dockerdns-lab
socket=$run/n2.sock
pidfile=$run/n2.pid
log=$run/n2.log
image=dockerdns-test/busybox:latest

node_answers() {
  timeout 10 docker -H "unix://$socket" info >/dev/null 2>&1
}

up() {
  [ "$(id -u)" -eq 0 ] || die "the lab needs root (network namespaces, a second dockerd)"
  engine_answers || die "the host's engine does not answer: run scripts/ensure-engine.sh first"
  if [ -f "$pidfile" ] && alive "$(cat "$pidfile")" && node_answers; then
    load_image
    echo "$socket"
    return
  fi
  down quietly
  mkdir -p "$root" "$run"
  ip netns add "$node"
  ip link add "$bridge" type bridge
  ip addr add "$host_ip/24" dev "$bridge"
  ip link set "$bridge" up
  ip link add "$node-h" type veth peer name eth0 netns "$node"
  ip link set "$node-h" master "$bridge" up
  ip -n "$node" addr add "$node_ip/24" dev eth0
  ip -n "$node" link set eth0 up
  ip -n "$node" link set lo up
  ip -n "$node" route add default via "$host_ip"
  # nsenter, not ip netns exec: that remounts /sys, and dockerd then finds no cgroups.
  nsenter --net="/var/run/netns/$node" dockerd --data-root "$root/data" --exec-root "$run/n2-exec" \
    --pidfile "$pidfile" -H "unix://$socket" --bip 172.31.0.1/24 --iptables=true \
    >"$log" 2>&1 &
  for _ in $(seq 1 100); do
    node_answers && break
    sleep 0.2
  done
  node_answers || die "the lab's dockerd did not answer in 20 s: $(tail -5 "$log")"
  load_image
  say "node n2 answers at unix://$socket ($node_ip in namespace $node)"
  echo "$socket"
}

load_image() {
  docker -H "unix://$socket" image inspect "$image" >/dev/null 2>&1 && return
  docker save "$image" | docker -H "unix://$socket" load -q >/dev/null
}

down() {
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if alive "$pid"; then
      kill "$pid"
      for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
      alive "$pid" && kill -9 "$pid"
    fi
    rm -f "$pidfile"
  fi
  ip netns del "$node" 2>/dev/null || true
  ip link del "$bridge" 2>/dev/null || true
  rm -rf "$root" "$run/n2-exec" "$socket"
  [ "${1:-}" = quietly ] || say "node n2 removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  socket) echo "$socket" ;;
  freeze) kill -STOP "$(cat "$pidfile")" ;;
  thaw) kill -CONT "$(cat "$pidfile")" ;;
  *) die "usage: scripts/lab.sh up|down|socket|freeze|thaw" ;;
esac
