package io.dockerdns.dns.forward;

import io.dockerdns.core.model.Cidr;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Who may have names forwarded (recursion): the rest get REFUSED for them, and answers for the own
 * zone as before. Never the Docker networks' gateways by default: behind Docker's userland proxy
 * every client from outside the host arrives from the gateway, so allowing it would make an open
 * resolver.
 *
 * @param blocks the address blocks allowed
 * @param containers whether the running containers' own addresses are allowed too, followed as
 *     containers come and go
 */
public record AllowedClients(List<Cidr> blocks, boolean containers) {

  /** Loopback and the running containers' addresses. */
  public static final AllowedClients DEFAULT =
      new AllowedClients(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")), true);

  /** The word that stands for the loopback blocks in a list. */
  public static final String LOOPBACK = "loopback";

  /** The word that stands for the running containers' addresses in a list. */
  public static final String CONTAINERS = "containers";

  public AllowedClients {
    blocks = List.copyOf(blocks);
  }

  /**
   * Parses a list of blocks ({@code 10.0.0.0/8}, {@code fd00::/8}, an address alone) and the words
   * {@value #LOOPBACK} and {@value #CONTAINERS}; an entry may hold several, separated by commas.
   *
   * @throws IllegalArgumentException naming the entry that is neither
   */
  public static AllowedClients parse(List<String> entries) {
    List<Cidr> blocks = new ArrayList<>();
    boolean containers = false;
    for (String entry : entries.stream().flatMap(e -> Arrays.stream(e.split(","))).toList()) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.equals(LOOPBACK)) {
        blocks.addAll(DEFAULT.blocks());
      } else if (e.equals(CONTAINERS)) {
        containers = true;
      } else {
        try {
          blocks.add(Cidr.parse(e));
        } catch (IllegalArgumentException notABlock) {
          throw new IllegalArgumentException(
              "allowed client '"
                  + entry
                  + "' is not an address block (10.0.0.0/8), an address, '"
                  + LOOPBACK
                  + "' or '"
                  + CONTAINERS
                  + "'",
              notABlock);
        }
      }
    }
    return new AllowedClients(blocks, containers);
  }

  /** Whether {@code client} may have names forwarded, given the containers running now. */
  public boolean allows(InetAddress client, RegistrySnapshot snapshot) {
    for (Cidr block : blocks) {
      if (block.contains(client)) {
        return true;
      }
    }
    return containers && !snapshot.byAddress(client).isEmpty();
  }

  @Override
  public String toString() {
    List<String> entries = new ArrayList<>(blocks.stream().map(Cidr::toString).toList());
    if (containers) {
      entries.add(CONTAINERS);
    }
    return String.join(",", entries);
  }
}
