#!/usr/bin/env bash
# Builds what users install, with no registry needed:
#   dist/dockerdns-VERSION-linux-x86_64.tar.gz  a jlink'd Java runtime (only the modules dockerdns
#       uses), the jar, its class-data archive, bin/dockerdns, the sample config, the systemd unit
#       and the licence: it runs where no Java is installed.
#   dockerdns:VERSION and dockerdns:latest in the local engine (when one answers): the same tree on
#       a base made here from the runtime's own shared libraries (docker import), through the one
#       Dockerfile (whose default base is for machines with a registry).
# Usage: scripts/package.sh [--no-image]
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[package] $*" >&2; }
image=yes
[ "${1:-}" = "--no-image" ] && image=no

./dockerdns --version >/dev/null # builds the jar when it is missing or older than the sources
jar=dockerdns-cli/target/dockerdns.jar
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
[ -x "$java_home/bin/jlink" ] || { say "$java_home has no jlink: a JDK 17 is needed (Debian: openjdk-17-jdk-headless)"; exit 2; }
manifest=$(mktemp -d)
(cd "$manifest" && "$java_home/bin/jar" xf "$OLDPWD/$jar" META-INF/MANIFEST.MF)
version=$(sed -n 's/^Implementation-Version: *//p' "$manifest/META-INF/MANIFEST.MF" | tr -d '\r')
revision=$(sed -n 's/^Build-Commit: *//p' "$manifest/META-INF/MANIFEST.MF" | tr -d '\r')
rm -rf "$manifest"
name="dockerdns-$version"
tree="dist/$name"
rm -rf "$tree" "dist/$name-linux-x86_64.tar.gz"
mkdir -p "$tree/bin" "$tree/lib"

# What the jar's classes refer to (jdeps), plus what is loaded by name and jdeps cannot see: the
# EC provider (SSH host keys, TLS to an engine) and the DNS name service provider for JNDI.
modules=$("$java_home/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")
modules="$modules,jdk.crypto.ec"
say "jlink: $modules"
"$java_home/bin/jlink" --add-modules "$modules" --output "$tree/runtime" --strip-debug \
  --no-man-pages --no-header-files --compress=2 --generate-cds-archive
# The base archive for heaps over 32 GB (no compressed pointers) is 11 MB that dockerdns never uses.
rm -f "$tree/runtime/lib/server/classes_nocoops.jsa"
cp "$jar" "$tree/lib/dockerdns.jar"
install -m 0755 packaging/dockerdns.sh "$tree/bin/dockerdns"
cp dockerdns.json.sample LICENSE README.md "$tree/"
# The guide the unit's Documentation= and the README's links point at, with the examples it names.
cp -r docs "$tree/docs"
mkdir -p "$tree/examples"
cp -r examples/systemd examples/compose examples/swarm-stack.yml "$tree/examples/"
sed -e 's|/usr/bin/java .*-jar /opt/dockerdns/dockerdns.jar|/opt/dockerdns/bin/dockerdns|' \
  -e "s|sudo install -D -m 0644 dockerdns-cli/target/dockerdns.jar /opt/dockerdns/dockerdns.jar|sudo tar -C /opt -xzf $name-linux-x86_64.tar.gz \&\& sudo ln -s /opt/$name /opt/dockerdns|" \
  -e 's|sudo install -m 0644 examples/systemd/dockerdns.service|sudo install -m 0644 /opt/dockerdns/dockerdns.service|' \
  examples/systemd/dockerdns.service >"$tree/dockerdns.service"

# Class-data sharing, recorded with the shipped runtime (an archive only fits the JVM that made
# it): a lookup loads the Docker client, the JSON mapping and the naming rules.
"$tree/runtime/bin/java" -XX:ArchiveClassesAtExit="$tree/lib/dockerdns.jsa" -jar "$tree/lib/dockerdns.jar" \
  lookup dockerdns-cds-training.docker --docker-url unix:///nonexistent.sock >/dev/null 2>&1 || true
[ -f "$tree/lib/dockerdns.jsa" ] || { say "no class-data archive was written"; exit 1; }

tar -C dist -czf "dist/$name-linux-x86_64.tar.gz" --owner=0 --group=0 "$name"
say "tarball dist/$name-linux-x86_64.tar.gz: $(du -m "dist/$name-linux-x86_64.tar.gz" | cut -f1) MB"

if [ "$image" = no ]; then exit 0; fi
if ! docker version >/dev/null 2>&1; then
  say "no Docker Engine answers: the image is not built (scripts/ensure-engine.sh starts one)"
  exit 0
fi

# The base: the shared libraries the runtime needs, the dynamic loader, a user and /tmp.
base=$(mktemp -d)
context=$(mktemp -d)
trap 'rm -rf "$base" "$context"' EXIT
for f in "$tree/runtime/bin/java" $(find "$tree/runtime/lib" -name '*.so'); do
  ldd "$f" 2>/dev/null | awk '/=>/ && $3 ~ /^\// {print $3} /^\t\/lib/ {print $1}'
done | sort -u | while read -r lib; do
  mkdir -p "$base$(dirname "$lib")"
  cp -L "$lib" "$base$lib"
done
mkdir -p "$base/etc" "$base/tmp"
chmod 1777 "$base/tmp"
echo 'dockerdns:x:65532:65532:dockerdns:/nonexistent:/sbin/nologin' >"$base/etc/passwd"
echo 'dockerdns:x:65532:' >"$base/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$base/etc/hosts"
echo 'hosts: files dns' >"$base/etc/nsswitch.conf"
tar -C "$base" -c . | docker import - "dockerdns-base:$version" >/dev/null
# The image's context: the release tree and the settings for a container (etc/dockerdns.json).
cp -al "$tree/." "$context/"
mkdir -p "$context/etc"
cp packaging/container.json "$context/etc/dockerdns.json"
docker build -q --build-arg BASE="dockerdns-base:$version" --build-arg VERSION="$version" \
  --build-arg REVISION="$revision" -t "dockerdns:$version" -t dockerdns:latest -f Dockerfile "$context" >/dev/null
say "image dockerdns:$version: $(docker image inspect --format '{{.Size}}' "dockerdns:$version" | awk '{printf "%d", $1 / 1000000}') MB"
# The image this one replaces, now untagged, is not kept.
docker image prune -f --filter label=org.opencontainers.image.title=dockerdns >/dev/null
