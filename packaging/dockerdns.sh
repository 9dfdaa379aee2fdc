#!/bin/sh
# dockerdns from its release tarball: runs the jar on the Java runtime shipped beside it, so the
# machine needs no Java. Same options as the repository's ./dockerdns; extra JVM options:
# DOCKERDNS_JAVA_OPTS. Works from a symlink (/usr/local/bin/dockerdns) too. The JVM options are the
# repository launcher's (see ./dockerdns for why each).
self=$0
while [ -L "$self" ]; do
  link=$(readlink "$self") || break
  case $link in
    /*) self=$link ;;
    *) self=${self%/*}/$link ;;
  esac
done
case $self in
  */*) bin=${self%/*} ;;
  *) bin=. ;;
esac
home=$(cd "$bin/.." && pwd) || exit 2
# shellcheck disable=SC2086 # DOCKERDNS_JAVA_OPTS: several JVM options
exec "$home/runtime/bin/java" -XX:SharedArchiveFile="$home/lib/dockerdns.jsa" -Xlog:cds=off \
  -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 \
  -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1 -Xms8m -Xmn2m -Xmx256m \
  -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
  ${DOCKERDNS_JAVA_OPTS:-} \
  -jar "$home/lib/dockerdns.jar" "$@"
