#!/usr/bin/env bash
# Rootful Podman as the tests' second engine kind: its Docker-compatible API on a socket of the
# tests' own, with limits that fit this kind of machine.
#
#   scripts/podman.sh start     # install podman (and podman-compose) when missing, start the service,
#                               # import the image
#   scripts/podman.sh start-clean   # ... and remove what an interrupted test run left (ddtest-*)
#   scripts/podman.sh stop      # stop the service (a test restarts it: dockerdns must reconnect)
#   scripts/podman.sh socket    # print the socket's path
#   scripts/podman.sh rootless-start   # rootless Podman as the user ddrootless, its own service
#   scripts/podman.sh rootless-socket  # print that service's socket
#
# - Podman's default container limits fail here ("error setting rlimit type 7", then 6): the
#   service and the tests' podman commands read CONTAINERS_CONF=/run/dockerdns-test/containers.conf,
#   which sets default_ulimits to nofile and nproc 1024.
# - `podman system service --time=0`: without it the service exits after 5 s without a client.
# - The image dockerdns-test/busybox:latest is imported from the same static busybox as Docker's.
# - Health checks have no systemd timers here: tests run them with `podman healthcheck run`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/engine-lib.sh
. scripts/engine-lib.sh

dir=/run/dockerdns-test
socket=$dir/podman.sock
pidfile=$dir/podman.pid
export CONTAINERS_CONF=$dir/containers.conf
image=dockerdns-test/busybox:latest

service_answers() {
  [ -S "$socket" ] && curl -sf --max-time 5 --unix-socket "$socket" http://podman/_ping >/dev/null
}

start() {
  # As this machine's tests ran it: netavark (not the older CNI plugins apt would pick without
  # recommends), aardvark-dns, and for rootless uidmap, slirp4netns and fuse-overlayfs.
  command -v podman >/dev/null ||
    apt_install podman netavark aardvark-dns uidmap slirp4netns fuse-overlayfs
  command -v podman-compose >/dev/null || apt_install podman-compose
  mkdir -p "$dir" "$state_dir"
  printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n' >"$CONTAINERS_CONF"
  if ! service_answers; then
    rm -f "$socket"
    podman system service --time=0 "unix://$socket" >>"$state_dir/podman.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do service_answers && break; sleep 0.1; done
    service_answers || die "podman system service did not answer at $socket (log: $state_dir/podman.log)"
  fi
  if ! podman image exists "$image"; then
    say "importing $image into podman"
    busybox_root_tar | podman import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$image" >/dev/null
  fi
  say "podman $(podman --version | awk '{print $3}') answers at unix://$socket"
}

# What an interrupted test run left (prefix ddtest-): only before the tests, never during them.
sweep() {
  local leftovers leftover_nets
  leftovers=$(podman ps -aq --filter name=ddtest- 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$leftovers" ] || podman rm -f -t 0 $leftovers >/dev/null 2>&1 || true
  leftover_nets=$(podman network ls -q --filter name=ddtest- 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$leftover_nets" ] || podman network rm -f $leftover_nets >/dev/null 2>&1 || true
}

stop() {
  if [ -f "$pidfile" ] && alive "$(cat "$pidfile")"; then
    kill "$(cat "$pidfile")"
    for _ in $(seq 1 50); do alive "$(cat "$pidfile")" || break; sleep 0.1; done
  fi
  rm -f "$pidfile" "$socket"
}

# Rootless Podman: a user of its own (subordinate ids from useradd), its runtime directory under
# $dir (no logind here to make one), cgroupfs and a file event log (no systemd), the same limits
# and image. slirp4netns needs /dev/net/tun, which this kind of VM leaves root-only (0600) where
# Debian's udev makes it 0666: it is set to Debian's mode.
rootless_user=ddrootless
rootless_dir=$dir/rootless
rootless_socket=$rootless_dir/podman.sock

as_rootless() {
  runuser -u "$rootless_user" -- env XDG_RUNTIME_DIR="$rootless_dir" HOME="/home/$rootless_user" "$@"
}

rootless_start() {
  start >/dev/null
  command -v newuidmap >/dev/null || apt_install uidmap slirp4netns fuse-overlayfs
  id "$rootless_user" >/dev/null 2>&1 || useradd -m -s /bin/sh "$rootless_user"
  # useradd gives subordinate ids only where /etc/subuid already exists: make sure of them.
  local ids
  for ids in /etc/subuid /etc/subgid; do
    grep -qs "^$rootless_user:" "$ids" || echo "$rootless_user:100000:65536" >>"$ids"
  done
  [ -c /dev/net/tun ] && chmod 0666 /dev/net/tun
  mkdir -p "$rootless_dir"
  chown "$rootless_user" "$rootless_dir"
  chmod 700 "$rootless_dir"
  local conf=/home/$rootless_user/.config/containers
  mkdir -p "$conf"
  printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' >"$conf/containers.conf"
  chown -R "$rootless_user" "/home/$rootless_user/.config"
  if ! [ -S "$rootless_socket" ] || ! curl -sf --max-time 5 --unix-socket "$rootless_socket" http://podman/_ping >/dev/null; then
    rm -f "$rootless_socket"
    as_rootless podman system service --time=0 "unix://$rootless_socket" >>"$state_dir/podman-rootless.log" 2>&1 &
    for _ in $(seq 1 100); do [ -S "$rootless_socket" ] && break; sleep 0.1; done
    [ -S "$rootless_socket" ] || die "rootless podman service did not start (log: $state_dir/podman-rootless.log)"
  fi
  if ! as_rootless podman image exists "$image" 2>/dev/null; then
    local tar
    tar=$(mktemp)
    podman save --format docker-archive "$image" >"$tar" 2>/dev/null
    chmod 644 "$tar"
    as_rootless podman load -i "$tar" >/dev/null 2>&1
    rm -f "$tar"
  fi
  local leftovers
  leftovers=$(as_rootless podman ps -aq --filter name=ddtest- 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$leftovers" ] || as_rootless podman rm -f -t 0 $leftovers >/dev/null 2>&1 || true
  say "rootless podman answers at unix://$rootless_socket (user $rootless_user)"
}

case "${1:-}" in
  rootless-start) rootless_start ;;
  rootless-socket) echo "$rootless_socket" ;;
  start) start ;;
  start-clean) start && sweep ;;
  stop) stop ;;
  socket) echo "$socket" ;;
  *) die "usage: $0 start|start-clean|stop|socket|rootless-start|rootless-socket" ;;
esac
