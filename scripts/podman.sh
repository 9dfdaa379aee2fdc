#!/usr/bin/env bash
# Rootful Podman as the tests' second engine kind: its Docker-compatible API on a socket of the
# tests' own, with limits that fit this kind of machine.
#
#   scripts/podman.sh start     # install podman when missing, start the service, import the image
#   scripts/podman.sh start-clean   # ... and remove what an interrupted test run left (ddtest-*)
#   scripts/podman.sh stop      # stop the service (a test restarts it: dockerdns must reconnect)
#   scripts/podman.sh socket    # print the socket's path
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
  command -v podman >/dev/null || apt_install podman uidmap slirp4netns
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
    local root
    root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/tmp" "$root/etc"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
      [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
    done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
    tar -C "$root" -c . | podman import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$image" >/dev/null
    rm -rf "$root"
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

case "${1:-}" in
  start) start ;;
  start-clean) start && sweep ;;
  stop) stop ;;
  socket) echo "$socket" ;;
  *) die "usage: $0 start|start-clean|stop|socket" ;;
esac
