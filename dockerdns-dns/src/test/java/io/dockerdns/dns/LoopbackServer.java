package io.dockerdns.dns;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.model.IpAddresses;

/** The DNS server the engine tests ask with dig: on loopback, a free port, NXDOMAIN for a miss. */
final class LoopbackServer {

  private LoopbackServer() {}

  static DnsServer serving(DockerDns registry) {
    return DnsServer.start(
        DnsServerConfig.builder()
            .nxdomain(true)
            .bind(IpAddresses.require("127.0.0.1", "loopback"), 0)
            .build(),
        registry.resolver(),
        registry::snapshot);
  }
}
