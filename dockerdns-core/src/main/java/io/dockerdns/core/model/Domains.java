package io.dockerdns.core.model;

import java.util.List;

/**
 * Names under the domains dockerdns serves: which domain a name is under, and its key there ({@code
 * web} of {@code web.docker}). One place for the resolver's questions, static records and other
 * tools' aliases alike.
 */
public final class Domains {

  private Domains() {}

  /**
   * The one of {@code domains} that {@code name} (lower case, without a trailing dot) is under;
   * null when none (a domain itself is under none). Allocates nothing: it runs on every question.
   */
  public static String domainOf(String name, List<String> domains) {
    for (int i = 0; i < domains.size(); i++) {
      String domain = domains.get(i);
      int dot = name.length() - domain.length() - 1;
      if (dot >= 0 && name.charAt(dot) == '.' && name.endsWith(domain)) {
        return domain;
      }
    }
    return null;
  }

  /**
   * {@code name} without the domain it is under ({@code web} of {@code web.docker}); null when
   * none.
   */
  public static String keyOf(String name, List<String> domains) {
    String domain = domainOf(name, domains);
    return domain == null ? null : name.substring(0, name.length() - domain.length() - 1);
  }
}
