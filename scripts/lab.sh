#!/usr/bin/env bash
# Extra Docker Engines on this machine, each a host of its own (DESIGN 10.7): a network namespace
# reached over a veth pair and a bridge (ddlab0, 10.77.0.1 on the host), its own dockerd, data,
# socket and host name, and the test image loaded. The several-engines and Swarm tests use it;
# nothing of it touches the host's own engine.
#
#   scripts/lab.sh up [NODE]        # start a node (n2 when not given; n2..n9), idempotent; prints its socket
#   scripts/lab.sh swarm            # n2 a Swarm manager, n3 a worker (idempotent); prints n2's socket
#   scripts/lab.sh join NODE ROLE   # NODE joins the lab's swarm as a manager or worker
#   scripts/lab.sh load IMAGE NODE...  # copy an image of the host's engine into nodes
#   scripts/lab.sh kill NODE        # SIGKILL NODE's dockerd (a node that is lost, not stopped)
#   scripts/lab.sh down             # stop every node; remove namespaces, bridge, data and sockets
#   scripts/lab.sh socket [NODE]    # a node's socket path
#   scripts/lab.sh freeze|thaw [NODE]  # SIGSTOP / SIGCONT a node's dockerd: it holds its socket and answers nothing
#
# Node nN has the address 10.77.0.N and the host name ddlab-nN; its containers get addresses on
# its own default bridge (172.31.N.0/24, inside the namespace): they are data in answers, never
# connected to. The nodes have no default route: nothing they do leaves the lab. Never start a
# second dockerd in the host's own namespace: with --bridge none it deletes the host's docker0.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/engine-lib.sh
. scripts/engine-lib.sh

bridge=ddlab0
host_ip=10.77.0.1
data=/var/lib/dockerdns-lab
run=/run/dockerdns-lab
image=dockerdns-test/busybox:latest

check_node() {
  [[ "$1" =~ ^n[2-9]$ ]] || die "no lab node '$1': nodes are n2 to n9"
}
number() { echo "${1#n}"; }
namespace() { echo "ddlab-$1"; }
node_ip() { echo "10.77.0.$(number "$1")"; }
socket() { echo "$run/$1.sock"; }
pidfile() { echo "$run/$1.pid"; }
on() {
  local node=$1
  shift
  timeout 60 docker -H "unix://$(socket "$node")" "$@"
}
node_answers() { timeout 10 docker -H "unix://$(socket "$1")" info >/dev/null 2>&1; }
node_alive() { [ -f "$(pidfile "$1")" ] && alive "$(cat "$(pidfile "$1")")"; }

bridge_up() {
  ip link show "$bridge" >/dev/null 2>&1 && return
  ip link add "$bridge" type bridge
  ip addr add "$host_ip/24" dev "$bridge"
  ip link set "$bridge" up
  # The host's engine sets the FORWARD policy to DROP; bridged traffic between the nodes (Swarm's
  # gossip, overlay VXLAN) passes through it when br_netfilter is loaded.
  iptables -C FORWARD -i "$bridge" -o "$bridge" -j ACCEPT 2>/dev/null ||
    iptables -I FORWARD -i "$bridge" -o "$bridge" -j ACCEPT
}

up() {
  local node=${1:-n2}
  check_node "$node"
  [ "$(id -u)" -eq 0 ] || die "the lab needs root (network namespaces, more dockerds)"
  engine_answers || die "the host's engine does not answer: run scripts/ensure-engine.sh first"
  if node_alive "$node" && node_answers "$node"; then
    load_image "$node"
    socket "$node"
    return
  fi
  remove_node "$node"
  mkdir -p "$data/$node" "$run"
  bridge_up
  local ns
  ns=$(namespace "$node")
  ip netns add "$ns"
  ip link add "$ns" type veth peer name eth0 netns "$ns"
  ip link set "$ns" master "$bridge" up
  ip -n "$ns" addr add "$(node_ip "$node")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  # nsenter, not ip netns exec: that remounts /sys, and dockerd then finds no cgroups. A UTS
  # namespace of its own gives the node its own host name, which Swarm takes as the node's name.
  nsenter --net="/var/run/netns/$ns" unshare --uts sh -c \
    'hostname "$1"; shift; exec "$@"' sh "$ns" \
    dockerd --data-root "$data/$node/data" --exec-root "$run/$node-exec" \
    --pidfile "$(pidfile "$node")" -H "unix://$(socket "$node")" \
    --bip "172.31.$(number "$node").1/24" --iptables=true \
    >"$run/$node.log" 2>&1 &
  for _ in $(seq 1 100); do
    node_answers "$node" && break
    sleep 0.2
  done
  node_answers "$node" || die "the lab's dockerd $node did not answer in 20 s: $(tail -5 "$run/$node.log")"
  load_image "$node"
  # The socket by the node's host name too: a swarm service's mount can name it with the
  # template {{.Node.Hostname}}, so each node's task reaches its own engine.
  ln -sfn "$(socket "$node")" "$run/$ns.sock"
  say "node $node answers at unix://$(socket "$node") ($(node_ip "$node") in namespace $ns)"
  socket "$node"
}

load_image() {
  local wanted=${2:-$image}
  on "$1" image inspect "$wanted" >/dev/null 2>&1 && return
  docker save "$wanted" | on "$1" load -q >/dev/null
}

swarm_state() { on "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown; }

swarm() {
  up n2 >/dev/null
  up n3 >/dev/null
  if [ "$(swarm_state n2)" != active ]; then
    on n2 swarm init --advertise-addr "$(node_ip n2)" --listen-addr "$(node_ip n2):2377" >/dev/null
  fi
  join n3 worker
  say "swarm: n2 manager ($(node_ip n2)), n3 worker ($(node_ip n3))"
  socket n2
}

join() {
  local node=$1 role=$2
  check_node "$node"
  [[ "$role" =~ ^(manager|worker)$ ]] || die "a node joins as manager or worker, not '$role'"
  up "$node" >/dev/null
  [ "$(swarm_state "$node")" = active ] && return
  local token
  token=$(on n2 swarm join-token -q "$role")
  on "$node" swarm join --token "$token" --advertise-addr "$(node_ip "$node")" \
    --listen-addr "$(node_ip "$node"):2377" "$(node_ip n2):2377" >/dev/null
  say "$node joined the swarm as a $role"
}

stop_daemon() {
  local node=$1 pid
  [ -f "$(pidfile "$node")" ] || return 0
  pid=$(cat "$(pidfile "$node")")
  if alive "$pid"; then
    kill -CONT "$pid" 2>/dev/null || true
    kill "$pid"
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -9 "$pid"
  fi
  rm -f "$(pidfile "$node")"
}

# A dockerd killed hard leaves its containers running under their shims: end them too.
kill_containers() {
  local node=$1 shim
  for shim in $(pgrep -f "containerd-shim.* -address $run/$node-exec/" || true); do
    pkill -KILL -P "$shim" 2>/dev/null || true
    kill -KILL "$shim" 2>/dev/null || true
  done
  pkill -KILL -f "containerd --config $run/$node-exec/" 2>/dev/null || true
}

remove_node() {
  local node=$1 ns
  ns=$(namespace "$node")
  stop_daemon "$node"
  kill_containers "$node"
  # dockerd mounts the namespaces of its containers and overlay networks under its exec root.
  # A dockerd killed hard leaves them, and its containers' overlay mounts, behind.
  awk -v a="$run/$node-exec" -v b="$data/$node/" 'index($2, a) == 1 || index($2, b) == 1 { print $2 }' /proc/mounts \
    | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  ip link del "$ns" 2>/dev/null || true
  rm -rf "${data:?}/$node" "$run/$node-exec" "$(socket "$node")" "$run/$node.log" "$run/$ns.sock"
}

down() {
  local node
  for node in n2 n3 n4 n5 n6 n7 n8 n9; do
    remove_node "$node"
  done
  iptables -D FORWARD -i "$bridge" -o "$bridge" -j ACCEPT 2>/dev/null || true
  ip link del "$bridge" 2>/dev/null || true
  say "lab removed"
}

signal() {
  local node=${2:-n2}
  check_node "$node"
  node_alive "$node" || die "node $node does not run"
  kill "-$1" "$(cat "$(pidfile "$node")")"
}

case "${1:-}" in
  up) up "${2:-n2}" ;;
  swarm) swarm ;;
  join) [ $# -eq 3 ] || die "usage: scripts/lab.sh join NODE manager|worker"; join "$2" "$3" ;;
  kill) signal KILL "${2:-}" ;;
  down) down ;;
  load)
    [ $# -ge 3 ] || die "usage: scripts/lab.sh load IMAGE NODE..."
    wanted=$2; shift 2
    for node in "$@"; do check_node "$node"; load_image "$node" "$wanted"; done ;;
  socket) check_node "${2:-n2}"; socket "${2:-n2}" ;;
  freeze) signal STOP "${2:-n2}" ;;
  thaw) signal CONT "${2:-n2}" ;;
  *) die "usage: scripts/lab.sh up [NODE]|swarm|join NODE ROLE|kill NODE|down|socket [NODE]|freeze [NODE]|thaw [NODE]" ;;
esac
