package io.dockerdns.console;

import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.Mount;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Containers as the console shows them: plain maps ready for JSON. Never environment variables,
 * never anything Docker did not tell the registry.
 */
final class ContainerDocuments {

  private final Resolver resolver;

  ContainerDocuments(Resolver resolver) {
    this.resolver = resolver;
  }

  /** One container's document; its DNS names are asked of the resolver against {@code snapshot}. */
  Map<String, Object> document(Container c, RegistrySnapshot snapshot) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", c.id());
    doc.put("name", c.name());
    doc.put("hostname", c.hostname());
    doc.put("image", c.image().reference());
    doc.put("state", c.state().name().toLowerCase(java.util.Locale.ROOT));
    doc.put("engine", c.source());
    doc.put("health", c.health().status().word());
    c.health().since().ifPresent(t -> doc.put("healthSince", t.toString()));
    Map<String, List<String>> networks = new LinkedHashMap<>();
    for (NetworkAttachment n : c.networks()) {
      networks.put(n.network(), n.addresses().stream().map(IpAddresses::format).toList());
    }
    doc.put("networks", networks);
    List<Map<String, Object>> ports = new ArrayList<>();
    for (PortBinding p : c.ports()) {
      Map<String, Object> port = new LinkedHashMap<>();
      port.put("containerPort", p.containerPort());
      port.put("protocol", p.protocol().label());
      port.put("hostIp", IpAddresses.format(p.hostIp()));
      port.put("hostPort", p.hostPort());
      ports.add(port);
    }
    doc.put("ports", ports);
    List<Map<String, Object>> mounts = new ArrayList<>();
    for (Mount m : c.mounts()) {
      Map<String, Object> mount = new LinkedHashMap<>();
      mount.put("destination", m.destination());
      mount.put("type", m.type());
      mount.put("writable", m.writable());
      mounts.add(mount);
    }
    doc.put("mounts", mounts);
    doc.put("labels", new TreeMap<>(c.labels()));
    doc.put("dnsNames", resolver.namesOf(snapshot, c));
    resolver.whyLeftOut(c).ifPresent(why -> doc.put("leftOut", why));
    return doc;
  }

  /** The original's tables: key to container id(s). */
  Map<String, Object> table(String table, RegistrySnapshot snapshot) {
    Map<String, Object> rows = new TreeMap<>();
    for (Container c : snapshot.containers()) {
      switch (table) {
        case "name" -> rows.put(c.name(), c.id());
        case "hostname" -> append(rows, c.hostname(), c.id());
        case "image" -> append(rows, c.image().reference(), c.id());
        case "ip" -> c.allAddresses().forEach(a -> rows.put(IpAddresses.format(a), c.id()));
        case "id" -> rows.put(c.id(), document(c, snapshot));
        default -> throw new IllegalArgumentException("unknown table " + table);
      }
    }
    return rows;
  }

  /**
   * One entry of a table. The {@code id} table answers from the id index, so one document is built,
   * not one per container; the {@code image} table by the resolver's image keys, so whatever {@code
   * IMAGE.*.docker} answers to is an entry too.
   */
  Optional<Object> entry(String table, String key, RegistrySnapshot snapshot) {
    if (table.equals("id")) {
      return snapshot.byFullId(key).map(c -> document(c, snapshot));
    }
    if (table.equals("image")) {
      // Every spelling IMAGE.*.docker takes: busybox, busybox:latest, docker.io/library/busybox...
      List<String> ids = snapshot.byImage(key).stream().map(Container::id).sorted().toList();
      return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
    }
    return Optional.ofNullable(table(table, snapshot).get(key));
  }

  @SuppressWarnings("unchecked")
  private static void append(Map<String, Object> rows, String key, String id) {
    ((List<String>) rows.computeIfAbsent(key, k -> new ArrayList<String>())).add(id);
  }
}
