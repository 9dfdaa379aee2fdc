package io.dockerdns.sftp;

import io.dockerdns.core.model.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The directory tree a container's login sees: its mount destinations, and the directories leading
 * to them. {@code /var/log/sql} makes {@code /var} and {@code /var/log} virtual (read-only, listing
 * only what leads to a mount); everything else is "no such file".
 */
final class MountTree {

  /** One mount: where it appears, where its files are on the host, whether it may be written. */
  record MountPoint(List<String> destination, Path source, boolean writable) {
    MountPoint {
      destination = List.copyOf(destination);
      Objects.requireNonNull(source, "source");
    }

    String displayPath() {
      return "/" + String.join("/", destination);
    }
  }

  /** What a virtual path is. */
  sealed interface Location {}

  /** A directory that exists only to lead to mounts; {@code children} are the names below it. */
  record VirtualDirectory(SortedSet<String> children) implements Location {}

  /**
   * A path inside a mount: {@code rest} are the names below the mount point ({@code []} for the
   * mount point itself); {@code nestedMounts} are names of mounts directly below this path, shown
   * in listings even before Docker created them on the host.
   */
  record InMount(MountPoint mount, List<String> rest, SortedSet<String> nestedMounts)
      implements Location {}

  /** Neither a mount nor on the way to one. */
  record Missing() implements Location {}

  // Deepest first, so a mount inside another mount wins for the paths below it.
  private final List<MountPoint> mounts;

  private MountTree(List<MountPoint> mounts) {
    List<MountPoint> sorted = new ArrayList<>(mounts);
    sorted.sort(
        Comparator.comparingInt((MountPoint m) -> m.destination().size())
            .reversed()
            .thenComparing(MountPoint::displayPath));
    this.mounts = List.copyOf(sorted);
  }

  /**
   * The tree of a container's mounts. Mounts without a host source (tmpfs) are left out: their
   * files live only in the container's memory. When two mounts claim one destination, the first
   * wins, as it cannot be told which one Docker layered on top. A mount is writable only when
   * {@code writesAllowed} and the container may write to it.
   */
  static MountTree of(List<Mount> mounts, boolean writesAllowed) {
    List<MountPoint> points = new ArrayList<>();
    List<List<String>> seen = new ArrayList<>();
    for (Mount mount : mounts) {
      if (mount.source().isEmpty()) {
        continue;
      }
      List<String> destination = VirtualPaths.names(mount.destination());
      if (destination.isEmpty() || seen.contains(destination)) {
        continue;
      }
      seen.add(destination);
      points.add(
          new MountPoint(destination, Path.of(mount.source()), writesAllowed && mount.writable()));
    }
    return new MountTree(points);
  }

  List<MountPoint> mounts() {
    return mounts;
  }

  /** Where the normalised absolute path made of {@code names} leads. */
  Location locate(List<String> names) {
    for (MountPoint mount : mounts) {
      List<String> destination = mount.destination();
      if (startsWith(names, destination)) {
        List<String> rest = names.subList(destination.size(), names.size());
        return new InMount(mount, List.copyOf(rest), childrenLeadingToMounts(names));
      }
    }
    SortedSet<String> children = childrenLeadingToMounts(names);
    return children.isEmpty() && !names.isEmpty()
        ? new Missing()
        : new VirtualDirectory(Collections.unmodifiableSortedSet(children));
  }

  private SortedSet<String> childrenLeadingToMounts(List<String> names) {
    SortedSet<String> children = new TreeSet<>();
    for (MountPoint mount : mounts) {
      List<String> destination = mount.destination();
      if (destination.size() > names.size() && startsWith(destination, names)) {
        children.add(destination.get(names.size()));
      }
    }
    return Collections.unmodifiableSortedSet(children);
  }

  private static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }
}
