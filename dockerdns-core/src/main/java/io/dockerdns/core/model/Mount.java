package io.dockerdns.core.model;

import java.util.Objects;

/**
 * A volume or bind mount of a container.
 *
 * @param type Docker's mount type ({@code bind}, {@code volume}, {@code tmpfs}, ...)
 * @param source the path on the Docker host (empty for tmpfs)
 * @param destination the absolute path inside the container
 * @param writable whether the container may write to it
 */
public record Mount(String type, String source, String destination, boolean writable) {

  public Mount {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    if (destination == null || !destination.startsWith("/")) {
      throw new IllegalArgumentException(
          "mount destination must be an absolute path, got '" + destination + "'");
    }
  }
}
