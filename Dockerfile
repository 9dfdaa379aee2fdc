# dockerdns as an image. scripts/package.sh builds it from the release tree with no registry: it
# makes a base from the runtime's own shared libraries (BASE=dockerdns-base:VERSION). With a
# registry, the default BASE (any glibc distribution with libstdc++ and zlib) works the same:
#   scripts/package.sh && docker build --build-arg VERSION=0.1.0 -f Dockerfile dist/dockerdns-0.1.0
ARG BASE=debian:12-slim
FROM ${BASE}
ARG VERSION=dev
ARG REVISION=unknown

LABEL org.opencontainers.image.title="dockerdns" \
      org.opencontainers.image.description="DNS names for the containers of a Docker Engine" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/dockerdns/dockerdns" \
      org.opencontainers.image.licenses="Apache-2.0"

# The release tree (runtime, jar, class-data archive) is the build context.
COPY . /opt/dockerdns/
WORKDIR /opt/dockerdns/etc

# Not root: reading the engine's socket needs only its group (docker run --group-add GID).
# Docker lets a container's processes bind port 53 (ip_unprivileged_port_start is 0 there).
USER 65532:65532
EXPOSE 53/udp 53/tcp

# The JVM options are the launcher's (./dockerdns says why): a small, all-day footprint.
ENTRYPOINT ["/opt/dockerdns/runtime/bin/java", "-XX:SharedArchiveFile=/opt/dockerdns/lib/dockerdns.jsa", \
            "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:TieredStopAtLevel=1", \
            "-XX:+UseSerialGC", "-Xss512k", "-XX:ReservedCodeCacheSize=24m", "-XX:CICompilerCount=1", \
            "-Xms8m", "-Xmn2m", "-Xmx256m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", \
            "-jar", "/opt/dockerdns/lib/dockerdns.jar", "run"]

# Asks the server for its zone's SOA: healthy when DNS answers and is in sync with the engine.
# A JVM start per check (~0.2 s of CPU with the class-data archive), hence every 30 s. It reads
# etc/dockerdns.json as run does: a port given only on run's command line is not known to it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=2 \
  CMD ["/opt/dockerdns/runtime/bin/java", "-XX:SharedArchiveFile=/opt/dockerdns/lib/dockerdns.jsa", \
       "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", \
       "-jar", "/opt/dockerdns/lib/dockerdns.jar", "healthcheck"]
