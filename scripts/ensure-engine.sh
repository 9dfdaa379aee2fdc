#!/usr/bin/env bash
# Makes a Docker Engine and the test image ready for the integration tests.
#
# - When an engine already answers (DOCKER_HOST or the default socket), uses it as it is.
# - Otherwise, on Debian as root: installs docker.io (and busybox-static), clears what a killed
#   daemon left behind (pid files, sockets), starts dockerd in the background and waits for it.
#   Its log is .engine/dockerd.log.
# - A dockerd it may restart (a pid file, not systemd's) that lacks the TLS listener the remote-engine
#   test uses (127.0.0.1:23760, --tlsverify) is started again with one.
# - Builds the test image dockerdns-test/busybox:latest from the static busybox binary with
#   `docker import` when it is missing: no image registry is needed.
# - Installs the real clients the tests use when missing: dig, curl, dnsmasq (as the forwarder in
#   front of dockerdns, and as upstreams), docker-compose, Chromium and chromedriver.
# - Removes containers and networks an earlier, interrupted test run left behind (prefix ddtest-).
# - Starts rootful Podman's Docker-compatible service on the tests' own socket, the second engine
#   kind the tests follow (scripts/podman.sh: installs it when missing, limits, image), and
#   rootless Podman as the user ddrootless on a socket of its own.
set -euo pipefail

cd "$(dirname "$0")/.."
image=dockerdns-test/busybox:latest

# shellcheck source=scripts/engine-lib.sh
. scripts/engine-lib.sh

need_packages=()
command -v docker >/dev/null || need_packages+=(docker.io)
command -v dig >/dev/null || need_packages+=(bind9-dnsutils)
command -v curl >/dev/null || need_packages+=(curl)
command -v dnsperf >/dev/null || need_packages+=(dnsperf)
[ -x /usr/sbin/dnsmasq ] || need_packages+=(dnsmasq-base)
# The packaging test starts the Compose example with Debian's docker-compose.
command -v docker-compose >/dev/null || need_packages+=(docker-compose)
# The console's browser test drives Debian's Chromium through Debian's chromedriver.
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || need_packages+=(chromium-driver)
# The image needs a statically linked busybox: it has no libc of its own.
if command -v dpkg >/dev/null; then
  dpkg -s busybox-static >/dev/null 2>&1 || need_packages+=(busybox-static)
elif [ ! -x /bin/busybox ]; then
  die "no /bin/busybox: install a statically linked busybox"
fi
if [ ${#need_packages[@]} -gt 0 ]; then
  # shellcheck disable=SC2207
  apt_install $(printf '%s\n' "${need_packages[@]}" | sort -u)
fi

if engine_answers && ! tls_listener_missing; then
  say "Docker Engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
elif engine_answers; then
  # A plain dockerd (pid file, not systemd's: the one EngineRestartIT stops and starts anyway)
  # without the TLS listener the remote-engine test needs: start it again with one.
  say "restarting dockerd with its TLS listener on 127.0.0.1:$tls_port"
  scripts/engine.sh stop >/dev/null
  start_dockerd
elif [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
  die "DOCKER_HOST=$DOCKER_HOST does not answer; unset it to let this script start a local engine"
else
  start_dockerd
fi

if ! docker image inspect "$image" >/dev/null 2>&1; then
  say "building $image from /bin/busybox with docker import"
  busybox_root_tar | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$image" >/dev/null
fi

leftovers=$(docker ps -aq --filter name=ddtest- 2>/dev/null || true)
if [ -n "$leftovers" ]; then
  say "removing containers left by an earlier test run"
  # shellcheck disable=SC2086
  docker rm -f $leftovers >/dev/null
fi
leftover_nets=$(docker network ls -q --filter name=ddtest- 2>/dev/null || true)
if [ -n "$leftover_nets" ]; then
  # shellcheck disable=SC2086
  docker network rm $leftover_nets >/dev/null || true
fi
leftover_vols=$(docker volume ls -q --filter name=ddtest- 2>/dev/null || true)
if [ -n "$leftover_vols" ]; then
  # shellcheck disable=SC2086
  docker volume rm $leftover_vols >/dev/null || true
fi
scripts/podman.sh start-clean
scripts/podman.sh rootless-start
say "ready: engine up, image $image present"
