package io.dockerdns.core.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A container port published on the Docker host.
 *
 * @param containerPort the port inside the container
 * @param protocol its protocol
 * @param hostIp the host address it is bound to; a wildcard address ({@code 0.0.0.0}, {@code ::})
 *     means every host interface
 * @param hostPort the port on the host
 */
public record PortBinding(int containerPort, Protocol protocol, InetAddress hostIp, int hostPort) {

  public PortBinding {
    requirePort(containerPort, "container port");
    requirePort(hostPort, "host port");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(hostIp, "hostIp");
  }

  /** Whether the binding listens on every host interface rather than one address. */
  public boolean onAllInterfaces() {
    return hostIp.isAnyLocalAddress();
  }

  private static void requirePort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + " is outside 1-65535");
    }
  }
}
