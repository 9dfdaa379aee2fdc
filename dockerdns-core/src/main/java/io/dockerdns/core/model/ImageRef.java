package io.dockerdns.core.model;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * An image reference as a container was created with it ({@code busybox}, {@code
 * docker.io/library/busybox:1.36}, {@code registry:5000/team/app:v6.3.1@sha256:...}).
 *
 * <p>{@link #keys()} gives every spelling under which {@code IMAGE.*.docker} finds it.
 *
 * @param reference the reference exactly as Docker reports it in {@code Config.Image}
 */
public record ImageRef(String reference) {

  private static final String DEFAULT_TAG = "latest";
  private static final String IMAGE_ID_PREFIX = "sha256:";

  public ImageRef {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("image reference must not be empty");
    }
  }

  /**
   * The lower-case spellings that name this image: the full reference; the repository with and
   * without its registry host; the last path component ("short name"), each with and without its
   * tag. A reference without a tag or digest also answers to its {@code :latest} forms.
   */
  public Set<String> keys() {
    String ref = reference.toLowerCase(Locale.ROOT);
    Set<String> keys = new LinkedHashSet<>();
    keys.add(ref);
    if (ref.startsWith(IMAGE_ID_PREFIX)) {
      // Created from an image id: the id answers, in full and as docker's 12-character short form.
      String hex = ref.substring(IMAGE_ID_PREFIX.length());
      keys.add(hex);
      keys.add(hex.substring(0, Math.min(12, hex.length())));
      return keys;
    }

    int at = ref.indexOf('@');
    String named = at >= 0 ? ref.substring(0, at) : ref;
    boolean hasDigest = at >= 0;

    int lastSlash = named.lastIndexOf('/');
    int colon = named.lastIndexOf(':');
    String repository = colon > lastSlash ? named.substring(0, colon) : named;
    String tag = colon > lastSlash ? named.substring(colon + 1) : hasDigest ? null : DEFAULT_TAG;

    for (String name : repositorySpellings(repository)) {
      keys.add(name);
      if (tag != null) {
        keys.add(name + ":" + tag);
      }
    }
    return keys;
  }

  /** The last path component without tag or digest: {@code busybox}. */
  public String shortName() {
    String named = reference.split("@", 2)[0];
    String last = named.substring(named.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    return colon >= 0 ? last.substring(0, colon) : last;
  }

  private static Set<String> repositorySpellings(String repository) {
    Set<String> names = new LinkedHashSet<>();
    names.add(repository);
    String path = repository;
    int slash = path.indexOf('/');
    // A first component with a dot, a colon or "localhost" is a registry host, not a namespace.
    if (slash > 0) {
      String first = path.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        path = path.substring(slash + 1);
        names.add(path);
      }
    }
    if (path.startsWith("library/")) {
      names.add(path.substring("library/".length()));
    }
    names.add(path.substring(path.lastIndexOf('/') + 1));
    return names;
  }

  @Override
  public String toString() {
    return reference;
  }
}
