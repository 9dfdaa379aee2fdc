package io.dockerdns.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a container's labels are read: dockerdns's own, and those of the {@code dialects} asked for,
 * as the dockerdns labels they mean. A container's own {@code dockerdns.*} label wins over another
 * tool's; aliases from both are kept. What is read shows in the container's labels (the console
 * shows {@code dockerdns.aliases=db} beside {@code com.dnsdock.alias=db.docker}), so a user sees
 * what their old labels became.
 *
 * @param dialects the other tools' labels to read; none reads dockerdns's alone
 * @param domains the domains names live under: another tool's alias {@code db.docker} is the key
 *     {@code db} under {@code docker}
 */
public record LabelReading(Set<LabelDialect> dialects, List<String> domains) {

  /** dockerdns's own labels only. */
  public static final LabelReading NATIVE = new LabelReading(Set.of(), List.of());

  public LabelReading {
    dialects = Set.copyOf(dialects);
    domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * {@code labels} with the dockerdns labels the dialects' labels mean added: the same map when
   * none.
   */
  public Map<String, String> read(Map<String, String> labels) {
    if (dialects.isEmpty()) {
      return labels;
    }
    Map<String, String> read = new HashMap<>(labels);
    List<String> aliases =
        dialects.contains(LabelDialect.DNSDOCK) ? aliasKeys(labels, null) : List.of();
    if (!aliases.isEmpty()) {
      Set<String> all = new LinkedHashSet<>(NamingLabels.list(labels.get(Container.ALIASES_LABEL)));
      all.addAll(aliases);
      read.put(Container.ALIASES_LABEL, String.join(",", all));
    }
    if (!labels.containsKey(Container.ENABLE_LABEL)) {
      enabled(labels).ifPresent(e -> read.put(Container.ENABLE_LABEL, e));
    }
    return read.equals(labels) ? labels : Map.copyOf(read);
  }

  /**
   * What is wrong with {@code labels}, one sentence each naming the label and its value: the {@code
   * dockerdns.*} labels' problems, and the dialects' labels that cannot be read.
   */
  public List<String> problems(Map<String, String> labels) {
    List<String> problems = new ArrayList<>(NamingLabels.problems(labels));
    if (dialects.contains(LabelDialect.DNSDOCK)) {
      aliasKeys(labels, problems);
    }
    String dps = labels.get(LabelDialect.DPS_ENABLED);
    if (dialects.contains(LabelDialect.DPS) && dps != null && booleanWord(dps) == null) {
      problems.add(
          NamingLabels.said(LabelDialect.DPS_ENABLED, dps)
              + " is neither \"true\" nor \"false\": the default applies");
    }
    return problems;
  }

  /**
   * Whether the dialects' labels name the container or leave it out; empty when they say nothing.
   */
  private Optional<String> enabled(Map<String, String> labels) {
    if (dialects.contains(LabelDialect.DNSDOCK)
        && labels.containsKey(LabelDialect.DNSDOCK_IGNORE)) {
      return Optional.of("false");
    }
    String dps = labels.get(LabelDialect.DPS_ENABLED);
    if (dialects.contains(LabelDialect.DPS) && dps != null) {
      return Optional.ofNullable(booleanWord(dps));
    }
    return Optional.empty();
  }

  /**
   * dnsdock's aliases as keys under one of the domains ({@code db.docker} is {@code db}); an alias
   * under none is left out, and said in {@code problems} when it is not null.
   */
  private List<String> aliasKeys(Map<String, String> labels, List<String> problems) {
    String value = labels.get(LabelDialect.DNSDOCK_ALIAS);
    List<String> keys = new ArrayList<>();
    for (String alias : NamingLabels.list(value)) {
      String name = alias.toLowerCase(Locale.ROOT);
      name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      String key = Domains.keyOf(name, domains);
      if (key != null && !key.isEmpty()) {
        keys.add(key);
      } else if (problems != null) {
        problems.add(
            NamingLabels.said(LabelDialect.DNSDOCK_ALIAS, value)
                + " names "
                + alias
                + ", which is under no domain dockerdns answers ("
                + String.join(", ", domains)
                + "): that alias is left out");
      }
    }
    return keys;
  }

  private static String booleanWord(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return v.equals("true") || v.equals("false") ? v : null;
  }
}
