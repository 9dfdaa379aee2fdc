package io.dockerdns.core.testing;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import io.dockerdns.core.model.Health;
import io.dockerdns.core.model.ImageRef;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.Mount;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.model.Protocol;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Domain values for tests: {@code container("web").image("nginx:1.25").ip("bridge", ...)}. */
public final class ContainerFixtures {

  private ContainerFixtures() {}

  /** A running container named {@code name}, image busybox, hostname its short id. */
  public static Builder container(String name) {
    return new Builder(name);
  }

  /** An IP address literal. */
  public static InetAddress ip(String literal) {
    return IpAddresses.require(literal, "test address");
  }

  /** Builds one {@link Container}; the id is derived from the name, so it is stable. */
  public static final class Builder {
    private final String name;
    private String id;
    private String hostname;
    private String image = "busybox";
    private ContainerState state = ContainerState.RUNNING;
    private Health health = Health.NONE;
    private int pid;
    private String source = Container.NO_SOURCE;
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, List<InetAddress>> networks = new HashMap<>();
    private final Map<String, Integer> prefixLengths = new HashMap<>();
    private final List<PortBinding> ports = new ArrayList<>();
    private final List<Mount> mounts = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
      this.id = sha256Hex(name);
      this.hostname = id.substring(0, 12);
    }

    public Builder id(String newId) {
      this.id = newId;
      return this;
    }

    public Builder hostname(String newHostname) {
      this.hostname = newHostname;
      return this;
    }

    public Builder image(String reference) {
      this.image = reference;
      return this;
    }

    /** The source that reports it (the engine's address); by default none. */
    public Builder source(String reportedBy) {
      this.source = reportedBy;
      return this;
    }

    public Builder pid(int processId) {
      this.pid = processId;
      return this;
    }

    public Builder state(ContainerState newState) {
      this.state = newState;
      return this;
    }

    /** Its health check's verdict, since a fixed time. */
    public Builder health(Health.Status status) {
      this.health =
          status == Health.Status.NONE
              ? Health.NONE
              : Health.of(status, Instant.parse("2026-12-06T12:03:04Z"));
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /** Compose labels for {@code SERVICE.PROJECT}. */
    public Builder compose(String service, String project) {
      return label(Container.COMPOSE_SERVICE_LABEL, service)
          .label(Container.COMPOSE_PROJECT_LABEL, project);
    }

    /** Attaches to {@code network} with the given address literals. */
    public Builder ip(String network, String... addresses) {
      List<InetAddress> list = networks.computeIfAbsent(network, n -> new ArrayList<>());
      for (String a : addresses) {
        list.add(ContainerFixtures.ip(a));
      }
      return this;
    }

    /** The network's IPv4 prefix length (16 for 172.17.0.0/16); unset, each address alone. */
    public Builder prefixLength(String network, int length) {
      prefixLengths.put(network, length);
      return this;
    }

    public Builder port(int containerPort, Protocol protocol, String hostIp, int hostPort) {
      ports.add(new PortBinding(containerPort, protocol, ContainerFixtures.ip(hostIp), hostPort));
      return this;
    }

    public Builder mount(String source, String destination, boolean writable) {
      mounts.add(new Mount("bind", source, destination, writable));
      return this;
    }

    public Container build() {
      List<NetworkAttachment> attachments = new ArrayList<>();
      networks.forEach(
          (n, a) ->
              attachments.add(new NetworkAttachment(n, a, prefixLengths.getOrDefault(n, 32), 128)));
      return new Container(
          id,
          name,
          hostname,
          new ImageRef(image),
          labels,
          attachments,
          ports,
          mounts,
          state,
          health,
          pid,
          source);
    }
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
