package io.dockerdns.console;

import io.dockerdns.core.model.IpAddresses;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the console listens and who may read it.
 *
 * @param bindAddress the address to listen on (default 127.0.0.1)
 * @param port the port, 0 for any free one (default 8053)
 * @param token when present, every request must carry {@code Authorization: Bearer TOKEN}
 */
public record ConsoleConfig(InetAddress bindAddress, int port, Optional<String> token) {

  /** The defaults: 127.0.0.1:8053, no token. */
  public static final ConsoleConfig DEFAULT =
      new ConsoleConfig(IpAddresses.require("127.0.0.1", "bind address"), 8053, Optional.empty());

  public ConsoleConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("console port " + port + " is outside 0-65535");
    }
    token = token.filter(t -> !t.isBlank());
    // Off loopback, anyone on the network could read the container list: a token is required.
    if (!bindAddress.isLoopbackAddress() && token.isEmpty()) {
      throw new TokenRequiredException(bindAddress);
    }
  }

  /**
   * A console bound off loopback without a token. The message names the setting; the launcher,
   * which knows its options, names the option instead.
   */
  public static final class TokenRequiredException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient InetAddress bindAddress;

    TokenRequiredException(InetAddress bindAddress) {
      super(
          "the console binds to "
              + IpAddresses.format(bindAddress)
              + ", off loopback: it needs a token (setting token), or a loopback address");
      this.bindAddress = bindAddress;
    }

    /** The address it was to bind to. */
    public InetAddress bindAddress() {
      return bindAddress;
    }
  }
}
