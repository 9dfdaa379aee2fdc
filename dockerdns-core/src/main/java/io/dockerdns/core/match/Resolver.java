package io.dockerdns.core.match;

import io.dockerdns.core.match.Answer.ContainerPointer;
import io.dockerdns.core.match.Answer.HostAddress;
import io.dockerdns.core.match.Answer.RecordAddress;
import io.dockerdns.core.match.Answer.RecordPointer;
import io.dockerdns.core.match.Answer.ServiceBinding;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.Domains;
import io.dockerdns.core.model.NameForms;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.model.Protocol;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naming rules: turns a question name and type into a {@link Resolution} against one registry
 * snapshot. Thread-safe and allocation-light; every DNS query, CLI lookup and embedder goes through
 * here.
 *
 * <p>Under each domain (every form answers under each), the key (the part before {@code .docker})
 * is matched in this order:
 *
 * <ol>
 *   <li>{@code _PORT._PROTO.KEY}: published bindings of that port and protocol of KEY's containers;
 *   <li>{@code A-B-C-D.host}: a Docker host address, the target of SRV answers;
 *   <li>{@code IMAGE.*}: every container of that image;
 *   <li>a container name, then an alias ({@code dockerdns.aliases}; a Swarm task's {@code
 *       tasks.SERVICE}, {@code SLOT.SERVICE}, {@code NODE.SERVICE} are aliases), then a hostname,
 *       then a Swarm service's name, then a Compose {@code SERVICE.PROJECT} (a stack's {@code
 *       SERVICE.STACK}) or one replica's {@code N.SERVICE.PROJECT}; the first rule that matches
 *       anything wins;
 *   <li>last, {@code ANY.THING.NAME}: what {@code NAME} names, when labelled {@code
 *       dockerdns.subdomains=true} (the nearest such name).
 * </ol>
 *
 * Only containers DNS may name take part, and only those whose health allows answer: a name whose
 * containers all fail their health checks answers NODATA (see {@link Visibility}). Reverse names
 * ({@code in-addr.arpa}, {@code ip6.arpa}) of named containers' addresses answer PTR, whatever
 * their health: a pointer names, it does not route.
 */
public final class Resolver {

  private static final Pattern PROTOCOL_LEVEL = Pattern.compile("_([^.]+)\\.(.+)");
  private static final String IMAGE_WILDCARD = ".*";

  private final NamingConfig config;
  private final String suffix; // the first domain's: names are given in it
  private final AddressPolicy addressPolicy;
  private final Visibility visibility;

  public Resolver(NamingConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.suffix = "." + config.domain();
    this.addressPolicy = new AddressPolicy(config);
    this.visibility = new Visibility(config);
  }

  public NamingConfig config() {
    return config;
  }

  /**
   * Resolves {@code name} (any case, trailing dot optional) for {@code type}.
   *
   * <p>The apex itself exists and holds no data of these types: the DNS server adds SOA and NS.
   */
  public Resolution resolve(RegistrySnapshot snapshot, String name, QueryType type) {
    String n = normalize(name);
    if (ReverseNames.isReverse(n)) {
      return reverse(snapshot, n, type);
    }
    String inZone = Domains.domainOf(n, config.domains());
    if (inZone == null) {
      return config.domains().contains(n) ? Resolution.NO_DATA : Resolution.OUT_OF_ZONE;
    }
    String key = n.substring(0, n.length() - inZone.length() - 1);

    // Cheap character tests first: most questions are plain names, and this is the hot path.
    if (key.startsWith("_")) {
      Matcher service = NameForms.SERVICE.matcher(key);
      if (service.matches()) {
        return services(snapshot, service, type, inZone);
      }
    }
    if (key.endsWith(NameForms.HOST_SUBTREE)) {
      Optional<InetAddress> host = NameForms.hostAddress(key);
      if (host.isPresent()) {
        return addressesOfType(List.of(new HostAddress(host.get())), type);
      }
    }
    List<Container> containers = containersFor(snapshot, key);
    if (containers.isEmpty()) {
      return record(snapshot, key, type);
    }
    List<Container> answering = visibility.answering(containers);
    List<Answer.AddressAnswer> addresses = new ArrayList<>();
    answering.forEach(c -> addresses.addAll(addressPolicy.addressesOf(c)));
    return addressesOfType(addresses, type);
  }

  /**
   * The containers a key (lower case, without the domain) names, by the rules above; empty when
   * none. Sorted by name. They hold the name, though some may not answer now (their health): see
   * {@link #answering}.
   */
  public List<Container> containersFor(RegistrySnapshot snapshot, String key) {
    List<Container> owners = ownersOf(snapshot, key);
    if (!owners.isEmpty()) {
      return owners;
    }
    // Virtual hosts: the lowest rule, so any real name below a container's name wins over it.
    for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
      List<Container> parents = ownersOf(snapshot, key.substring(dot + 1));
      if (parents.stream().anyMatch(Container::answersSubdomains)) {
        return parents.stream().filter(Container::answersSubdomains).toList();
      }
    }
    return List.of();
  }

  /** Which of {@code containers} answer now (named, and healthy where health is followed). */
  public List<Container> answering(List<Container> containers) {
    return visibility.answering(containers);
  }

  /**
   * Why each container that holds {@code name} (under the domain; any case) answers nothing now, or
   * would hold it but is not named: {@code web-2: unhealthy since 2026-12-06 12:03:04}. Empty when
   * every such container answers, or the name is not ours.
   */
  public List<LeftOut> leftOut(RegistrySnapshot snapshot, String name) {
    String n = normalize(name);
    String key = Domains.keyOf(n, config.domains());
    if (key == null) {
      return List.of();
    }
    Matcher service = NameForms.SERVICE.matcher(key);
    if (service.matches()) {
      key = service.group(3);
    }
    // Those the rules would choose were every container named, then those they do choose.
    Set<Container> holders = new LinkedHashSet<>(ownersOf(snapshot, key, false));
    holders.addAll(containersFor(snapshot, key));
    List<LeftOut> leftOut = new ArrayList<>();
    for (Container c : holders) {
      visibility.whyLeftOut(c).ifPresent(why -> leftOut.add(new LeftOut(c, why)));
    }
    return leftOut;
  }

  /**
   * How the containers of {@code source} (an engine's address) are answered: the configured {@link
   * AnswerMode}, or with AUTO what was found for that engine ({@link AnswerMode#CONTAINER} until
   * then).
   */
  public AnswerMode answerModeOf(String source) {
    return addressPolicy.modeOf(source);
  }

  /**
   * Says what AUTO found for {@code source}: {@link AnswerMode#PUBLISHED} for an engine whose
   * containers the host cannot reach, else {@link AnswerMode#CONTAINER}. The engine's source tells
   * it, once it has asked the engine.
   */
  public void answerModeFound(String source, AnswerMode mode) {
    if (mode != AnswerMode.PUBLISHED && mode != AnswerMode.CONTAINER) {
      throw new IllegalArgumentException(
          "an engine is answered as published or container: " + mode);
    }
    addressPolicy.detected(source, mode);
  }

  /**
   * Why {@code container} is in no answer now ({@code unhealthy since 2026-12-06 12:03:04}, {@code
   * labelled dockerdns.enable=false}), or empty when it answers.
   */
  public Optional<String> whyLeftOut(Container container) {
    return visibility.whyLeftOut(container);
  }

  /** A container left out of a name's answers, and why. */
  public record LeftOut(Container container, String reason) {
    public LeftOut {
      Objects.requireNonNull(container, "container");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private List<Container> ownersOf(RegistrySnapshot snapshot, String key) {
    return ownersOf(snapshot, key, true);
  }

  /** The rules above but the virtual-host one; {@code namedOnly} false for {@link #leftOut}. */
  private List<Container> ownersOf(RegistrySnapshot snapshot, String key, boolean namedOnly) {
    if (key.endsWith(IMAGE_WILDCARD)) {
      return named(
          snapshot.byImage(key.substring(0, key.length() - IMAGE_WILDCARD.length())), namedOnly);
    }
    List<Container> byName = named(snapshot.allNamed(key), namedOnly);
    List<Container> containersByName = withoutServices(byName);
    if (!containersByName.isEmpty()) {
      return containersByName;
    }
    List<Container> byAlias = named(snapshot.byAlias(key), namedOnly);
    if (!byAlias.isEmpty()) {
      return byAlias;
    }
    List<Container> byHostname = named(snapshot.byHostname(key), namedOnly);
    if (!byHostname.isEmpty()) {
      return byHostname;
    }
    if (!byName.isEmpty()) { // Swarm services: after every name a container holds
      return byName;
    }
    return named(snapshot.byComposeKey(key), namedOnly);
  }

  private List<Container> named(List<Container> containers, boolean namedOnly) {
    return namedOnly ? visibility.named(containers) : containers;
  }

  private static List<Container> withoutServices(List<Container> named) {
    for (Container c : named) {
      if (c.isSwarmService()) {
        return named.stream().filter(n -> !n.isSwarmService()).toList();
      }
    }
    return named;
  }

  /**
   * Every name that answers with this container, as its owner would write them ({@code
   * web.docker}), under each domain in turn: each of its keys (name, aliases, hostname, Compose
   * key, image wildcard, {@code *.NAME} for its subdomains) is resolved by the rules above and kept
   * only when the container holds it, so a hostname another container's name takes is not listed. A
   * container whose health keeps it out of answers for now still holds its names; one DNS may not
   * name holds none.
   */
  public List<String> namesOf(RegistrySnapshot snapshot, Container container) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add(container.name());
    keys.addAll(container.aliases());
    if (!container.hostname().isEmpty()) {
      keys.add(container.hostname());
    }
    container.composeKey().ifPresent(keys::add);
    container.composeReplicaKey().ifPresent(keys::add);
    keys.add(container.image().shortName() + IMAGE_WILDCARD);
    if (container.answersSubdomains()) {
      keys.add("*." + container.name());
    }
    List<String> held = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String key : keys) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (seen.add(lower) && containersFor(snapshot, lower).contains(container)) {
        held.add(key);
      }
    }
    List<String> names = new ArrayList<>();
    for (String domain : config.domains()) {
      held.forEach(key -> names.add(key + "." + domain));
    }
    return names;
  }

  /**
   * The one running container that {@code name} (without the domain) names by its name, or else by
   * its hostname when one container alone has that hostname: who an SFTP login is. A name that
   * containers on several engines share names nobody: a login must not land on either by chance.
   */
  public Optional<Container> containerNamed(RegistrySnapshot snapshot, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    List<Container> byName = snapshot.allNamed(key);
    if (!byName.isEmpty()) {
      return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
    }
    List<Container> byHostname = snapshot.byHostname(key);
    return byHostname.size() == 1 ? Optional.of(byHostname.get(0)) : Optional.empty();
  }

  /** The absolute DNS name of a container: {@code web.docker.} */
  public String containerName(Container container) {
    return container.name().toLowerCase(Locale.ROOT) + suffix + ".";
  }

  /**
   * The absolute name under the domain that resolves to a Docker host address: {@code
   * 127-0-0-1.host.docker.}; SRV targets and the zone's name server are named this way.
   */
  public String hostName(InetAddress address) {
    return hostName(address, config.domain());
  }

  /** As {@link #hostName(InetAddress)}, under {@code domain} (one of the configured domains). */
  public String hostName(InetAddress address, String domain) {
    return NameForms.hostKey(address) + "." + domain + ".";
  }

  /**
   * Whether names exist below this key though none at it: parents of container keys, {@code
   * _PROTO.KEY} above {@code _PORT._PROTO.KEY}, and the {@code host} subtree itself. A resolver
   * minimising query names asks for these on its way down.
   */
  private boolean isNonTerminal(RegistrySnapshot snapshot, String key) {
    if (key.equals(NameForms.HOST_SUBTREE.substring(1)) || snapshot.isNonTerminal(key)) {
      return true;
    }
    Matcher protocolLevel = PROTOCOL_LEVEL.matcher(key);
    if (protocolLevel.matches()) {
      Optional<Protocol> protocol = Protocol.parse(protocolLevel.group(1));
      return protocol.isPresent()
          && containersFor(snapshot, protocolLevel.group(2)).stream()
              .flatMap(c -> c.ports().stream())
              .anyMatch(b -> b.protocol() == protocol.get());
    }
    return false;
  }

  /**
   * A name no container holds: a static record's, else no such name (or NODATA above others). A
   * container holding the name by any rule wins over a record: it is what runs now.
   */
  private Resolution record(RegistrySnapshot snapshot, String key, QueryType type) {
    List<InetAddress> addresses = snapshot.records().addresses(key);
    if (!addresses.isEmpty()) {
      List<Answer.AddressAnswer> answers = new ArrayList<>();
      for (InetAddress address : addresses) {
        answers.add(new RecordAddress(address));
      }
      return addressesOfType(answers, type);
    }
    return isNonTerminal(snapshot, key) || snapshot.records().isNonTerminal(key)
        ? Resolution.NO_DATA
        : Resolution.NO_SUCH_NAME;
  }

  /** SRV answers; their targets are named under the zone the question was asked in. */
  private Resolution services(
      RegistrySnapshot snapshot, Matcher service, QueryType type, String inZone) {
    Optional<Integer> port = ServicePorts.port(service.group(1));
    Optional<Protocol> protocol = Protocol.parse(service.group(2));
    if (port.isEmpty() || protocol.isEmpty()) {
      return Resolution.NO_SUCH_NAME;
    }
    List<Answer> answers = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Container> owners = containersFor(snapshot, service.group(3));
    for (Container c : visibility.answering(owners)) {
      for (PortBinding b : c.ports()) {
        if (b.containerPort() == port.get() && b.protocol() == protocol.get()) {
          InetAddress target = b.onAllInterfaces() ? config.hostAddress() : b.hostIp();
          String targetName = hostName(target, inZone);
          // Docker publishes one port on 0.0.0.0 and :: alike; both reach the same target.
          if (seen.add(c.id() + '/' + b.hostPort() + '/' + targetName)) {
            answers.add(new ServiceBinding(c, b, targetName, target));
          }
        }
      }
    }
    if (answers.isEmpty()) {
      // A port of containers that all fail their health checks exists, with nothing to answer.
      boolean held =
          owners.stream()
              .flatMap(c -> c.ports().stream())
              .anyMatch(b -> b.containerPort() == port.get() && b.protocol() == protocol.get());
      return held ? Resolution.NO_DATA : Resolution.NO_SUCH_NAME;
    }
    return type == QueryType.SRV || type == QueryType.ANY
        ? new Resolution.Found(answers)
        : Resolution.NO_DATA;
  }

  private Resolution reverse(RegistrySnapshot snapshot, String name, QueryType type) {
    Optional<InetAddress> address = ReverseNames.toAddress(name);
    if (address.isEmpty()) {
      return Resolution.NO_SUCH_NAME;
    }
    List<Container> owners = visibility.named(snapshot.byAddress(address.get()));
    List<String> recordKeys = snapshot.records().keysOf(address.get());
    if (owners.isEmpty() && recordKeys.isEmpty()) {
      return Resolution.NO_SUCH_NAME;
    }
    if (type != QueryType.PTR && type != QueryType.ANY) {
      return Resolution.NO_DATA;
    }
    if (owners.isEmpty()) {
      List<Answer> pointers = new ArrayList<>();
      recordKeys.forEach(key -> pointers.add(new RecordPointer(key + suffix + ".")));
      return new Resolution.Found(pointers);
    }
    Set<String> targets = new TreeSet<>();
    List<Answer> answers = new ArrayList<>();
    for (Container c : owners) {
      String target = containerName(c);
      if (targets.add(target)) {
        answers.add(new ContainerPointer(c, target));
      }
    }
    return new Resolution.Found(answers);
  }

  private static Resolution addressesOfType(
      List<? extends Answer.AddressAnswer> addresses, QueryType type) {
    List<Answer> matching = new ArrayList<>();
    for (Answer.AddressAnswer a : addresses) {
      boolean v4 = a.address() instanceof Inet4Address;
      if (type == QueryType.ANY || (type == QueryType.A && v4) || (type == QueryType.AAAA && !v4)) {
        matching.add(a);
      }
    }
    return matching.isEmpty() ? Resolution.NO_DATA : new Resolution.Found(matching);
  }

  private static String normalize(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
