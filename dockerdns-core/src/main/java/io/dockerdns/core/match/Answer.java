package io.dockerdns.core.match;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.PortBinding;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One piece of data a name resolves to. Owner names are the caller's business (the question). */
public sealed interface Answer {

  /** The record type this answer is: A or AAAA for an address, SRV, PTR. */
  QueryType type();

  /** The container this answer comes from; empty for a Docker host's address. */
  default Optional<Container> owner() {
    if (this instanceof ContainerAddress a) {
      return Optional.of(a.container());
    }
    if (this instanceof ServiceBinding s) {
      return Optional.of(s.container());
    }
    return this instanceof ContainerPointer p ? Optional.of(p.container()) : Optional.empty();
  }

  /**
   * The time to live of these answers together: {@code configured}, or a container's own {@code
   * dockerdns.ttl}. One RRset has one TTL (RFC 2181 5.2): where containers with different ones
   * answer together, the shortest, so no client keeps any of them longer than its owner asked.
   */
  static int ttlOf(List<? extends Answer> answers, int configured) {
    int ttl = Integer.MAX_VALUE;
    for (Answer a : answers) {
      int own = a.owner().map(c -> c.ttlLabel().orElse(configured)).orElse(configured);
      ttl = Math.min(ttl, own);
    }
    return answers.isEmpty() ? configured : ttl;
  }

  /** An address answer (A or AAAA), from a container or a host target. */
  sealed interface AddressAnswer extends Answer {
    InetAddress address();

    default boolean isIpv4() {
      return address() instanceof Inet4Address;
    }

    @Override
    default QueryType type() {
      return isIpv4() ? QueryType.A : QueryType.AAAA;
    }
  }

  /**
   * A container's address on one of its networks.
   *
   * @param container the container
   * @param network the network the address belongs to
   * @param address the address
   */
  record ContainerAddress(Container container, String network, InetAddress address)
      implements AddressAnswer {
    public ContainerAddress {
      Objects.requireNonNull(container, "container");
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * A static record's address ({@code --record}, a hosts file).
   *
   * @param address the address
   */
  record RecordAddress(InetAddress address) implements AddressAnswer {
    public RecordAddress {
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * The address of a Docker host interface, answered for an SRV target name.
   *
   * @param address the host address
   */
  record HostAddress(InetAddress address) implements AddressAnswer {
    public HostAddress {
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * A published port: reach the container's port at {@code target}:{@code binding.hostPort()}.
   *
   * @param container the container publishing the port
   * @param binding the binding
   * @param target the fully qualified host name to connect to, with a trailing dot
   * @param targetAddress the address {@code target} resolves to
   */
  record ServiceBinding(
      Container container, PortBinding binding, String target, InetAddress targetAddress)
      implements Answer {

    /** SRV priority of every binding: all are equal (the original program's value). */
    public static final int PRIORITY = 100;

    /** SRV weight of every binding: all are equal (the original program's value). */
    public static final int WEIGHT = 100;

    @Override
    public QueryType type() {
      return QueryType.SRV;
    }

    public ServiceBinding {
      Objects.requireNonNull(container, "container");
      Objects.requireNonNull(binding, "binding");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(targetAddress, "targetAddress");
    }
  }

  /** A PTR answer: the name a reverse-mapped address belongs to. */
  sealed interface PointerAnswer extends Answer {
    /** The fully qualified name, with a trailing dot. */
    String target();

    @Override
    default QueryType type() {
      return QueryType.PTR;
    }
  }

  /**
   * The name of the container owning a reverse-mapped address.
   *
   * @param container the container
   * @param target the fully qualified container name, with a trailing dot
   */
  record ContainerPointer(Container container, String target) implements PointerAnswer {

    public ContainerPointer {
      Objects.requireNonNull(container, "container");
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * The name of a static record whose address is reverse-mapped (no container owns it).
   *
   * @param target the fully qualified record name, with a trailing dot
   */
  record RecordPointer(String target) implements PointerAnswer {
    public RecordPointer {
      Objects.requireNonNull(target, "target");
    }
  }
}
