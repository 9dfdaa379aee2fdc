#!/usr/bin/env bash
# Shared by ensure-engine.sh and engine.sh: how to talk about, install and start a Docker Engine.
# Sourced, not run; expects to be sourced from the repository root.

state_dir=.engine

say() { echo "[$(basename "$0" .sh)] $*"; }
die() { echo "[$(basename "$0" .sh)] error: $*" >&2; exit 1; }

apt_updated=0
apt_install() {
  [ "$(id -u)" -eq 0 ] || die "need root to install $* (or install it yourself)"
  command -v apt-get >/dev/null || die "no apt-get: install $* by hand on this system"
  if [ "$apt_updated" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The test image's root as a tar on stdout: the static busybox and its applet links, nothing else.
busybox_root_tar() {
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  tar -C "$root" -c .
  rm -rf "$root"
}

engine_answers() {
  command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1
}

# Alive and not a zombie (a killed daemon whose parent has not reaped it holds nothing).
alive() {
  [ -r "/proc/$1/stat" ] && ! awk '{ exit ($3 == "Z") ? 0 : 1 }' "/proc/$1/stat" 2>/dev/null
}

# The engine this script starts also listens on loopback over TLS with client certificates, as a
# remote engine does (DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH): the remote-engine tests use it.
# Certificates are made once with openssl, machine-wide as the engine is (any checkout's tests find
# them): /var/lib/dockerdns-test/tls, client files in its client/ directory.
tls_port=23760
tls_dir=/var/lib/dockerdns-test/tls

make_tls() {
  [ -f "$tls_dir/client/key.pem" ] && return 0
  command -v openssl >/dev/null || apt_install openssl
  mkdir -p "$tls_dir/client"
  (
    cd "$tls_dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=dockerdns test CA" \
      -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server-key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
      -extfile server.ext -out server-cert.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=dockerdns tests" -keyout client/key.pem -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
      -extfile client.ext -out client/cert.pem 2>/dev/null
    cp ca.pem client/ca.pem
    chmod 600 ca-key.pem server-key.pem client/key.pem
  )
}

# True for a dockerd this script may restart (a plain daemon with a pid file, not systemd's) that
# runs without the TLS listener, or whose client certificates are gone.
tls_listener_missing() {
  [ -z "${DOCKER_HOST:-}" ] || [ "$DOCKER_HOST" = "unix:///var/run/docker.sock" ] || return 1
  [ -f /var/run/docker.pid ] || return 1
  if command -v systemctl >/dev/null && systemctl is-active --quiet docker 2>/dev/null; then
    return 1
  fi
  local pid
  pid=$(cat /var/run/docker.pid)
  [ -f "$tls_dir/client/key.pem" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
    grep -q -- "--tlscacert $tls_dir/ca.pem" && return 1
  return 0
}

start_dockerd() {
  [ "$(id -u)" -eq 0 ] || die "no Docker Engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}, and starting one needs root"
  if ! command -v dockerd >/dev/null; then
    apt_install docker.io
    # Where systemd runs, the package starts its own daemon: use that one.
    for _ in $(seq 1 10); do engine_answers && return 0; sleep 0.5; done
  fi
  mkdir -p "$state_dir"
  # A daemon killed earlier leaves pid files and sockets that make the next one refuse to start.
  for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile" 2>/dev/null || true)
      if [ -n "$pid" ] && alive "$pid"; then
        say "stopping leftover process $pid ($pidfile)"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$pidfile"
    fi
  done
  rm -f /var/run/docker.sock /var/run/docker/containerd/containerd.sock \
    /var/run/docker/containerd/containerd-debug.sock
  make_tls
  say "starting dockerd (log: $state_dir/dockerd.log; TLS on 127.0.0.1:$tls_port)"
  nohup dockerd -H unix:///var/run/docker.sock -H "tcp://127.0.0.1:$tls_port" --tlsverify \
    --tlscacert "$tls_dir/ca.pem" --tlscert "$tls_dir/server-cert.pem" --tlskey "$tls_dir/server-key.pem" \
    >"$state_dir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$state_dir/dockerd.pid"
  for _ in $(seq 1 120); do
    engine_answers && return 0
    kill -0 "$(cat "$state_dir/dockerd.pid")" 2>/dev/null || break
    sleep 0.5
  done
  tail -20 "$state_dir/dockerd.log" >&2 || true
  die "dockerd did not come up; see $state_dir/dockerd.log"
}

