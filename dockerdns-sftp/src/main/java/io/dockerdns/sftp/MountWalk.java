package io.dockerdns.sftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One path's walk from a mount's root, one name at a time. Each directory entered is a {@link
 * Handle} kept on a stack: {@code ..} steps back to the handle below (never above the mount's root,
 * which is "no such file"), so a link full of {@code ..} costs one step per name, not a new walk
 * from the root. Symbolic links are followed as the container would see them while they stay in the
 * mount: relative targets name by name, absolute targets when they start with the mount's
 * destination; anything else is "no such file", the same answer as for a missing file.
 *
 * <p>The work is bounded: at most {@value #MAX_LINKS} links and {@value #MAX_STEPS} names per path
 * (those of link targets included), and a walk stops when its session ends.
 */
final class MountWalk implements Closeable {

  static final int MAX_LINKS = 40;
  static final int MAX_STEPS = 4096;

  private final Handle root;
  private final List<String> destination;
  private final List<String> rest;
  private final BooleanSupplier active;
  private final Function<List<String>, String> display;
  private final Deque<Handle> entered = new ArrayDeque<>();
  private final List<String> names = new ArrayList<>();

  private MountWalk(
      Handle root,
      List<String> destination,
      List<String> rest,
      BooleanSupplier active,
      Function<List<String>, String> display) {
    this.root = root;
    this.destination = destination;
    this.rest = rest;
    this.active = active;
    this.display = display;
  }

  /**
   * Walks {@code rest} from the mount's {@code root}. The result holds an open handle of the
   * directory holding the last name, and that name ({@code null} when the path is the directory
   * itself). The last name may not exist; {@code followLast} says whether a symbolic link there is
   * followed.
   */
  static Target walk(
      Handle root,
      List<String> destination,
      List<String> rest,
      boolean followLast,
      BooleanSupplier active,
      Function<List<String>, String> display)
      throws IOException {
    root.retain();
    MountWalk walk = new MountWalk(root, destination, rest, active, display);
    try {
      return walk.run(followLast);
    } catch (IOException | RuntimeException e) {
      walk.close();
      throw e;
    }
  }

  private Target run(boolean followLast) throws IOException {
    Deque<String> pending = new ArrayDeque<>(rest);
    int links = 0;
    int steps = 0;
    while (!pending.isEmpty()) {
      if (++steps > MAX_STEPS) {
        throw missing("more than " + MAX_STEPS + " names to walk");
      }
      if (!active.getAsBoolean()) {
        throw new FileSystemException(display.apply(rest), null, "the session is closed");
      }
      String name = pending.removeFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        up();
        continue;
      }
      if (!FileNames.listable(name)) {
        throw missing(null);
      }
      if (FileNames.tooLong(name)) {
        // The kernel would say "name too long", which MINA answers with empty attributes.
        throw missing("a name longer than " + FileNames.MAX_BYTES + " bytes");
      }
      boolean last = pending.isEmpty();
      PosixFileAttributes attributes = dir().childAttributes(name);
      if (attributes == null) {
        if (last) {
          return new Target(name, false);
        }
        throw missing(null);
      }
      if (attributes.isSymbolicLink() && (!last || followLast)) {
        if (++links > MAX_LINKS) {
          throw missing("too many symbolic links");
        }
        List<String> target = linkTarget(name);
        for (int i = target.size() - 1; i >= 0; i--) {
          pending.addFirst(target.get(i));
        }
        continue;
      }
      if (last) {
        return new Target(name, true);
      }
      if (!attributes.isDirectory()) {
        throw new NotDirectoryException(display.apply(rest));
      }
      enter(name);
    }
    return new Target(null, true);
  }

  private Handle dir() {
    return entered.isEmpty() ? root : entered.peekLast();
  }

  private void up() throws NoSuchFileException {
    if (entered.isEmpty()) {
      throw missing(null); // above the mount's root
    }
    entered.removeLast().close();
    names.remove(names.size() - 1);
  }

  /**
   * Enters a directory. When it was swapped for a link since it was looked at, the kernel refuses
   * (O_NOFOLLOW): "no such file", like any other way out.
   */
  private void enter(String name) throws IOException {
    try {
      entered.addLast(dir().directory(name));
    } catch (UnservedFileSystemException e) {
      throw e.naming(display.apply(rest));
    } catch (NoSuchFileException e) {
      throw missing(null);
    } catch (FileSystemException e) {
      throw missing("changed while it was being opened");
    }
    names.add(name);
  }

  /**
   * The names a link's target adds to the walk. A relative target continues from here; an absolute
   * one inside the mount continues from the mount's root.
   */
  private List<String> linkTarget(String linkName) throws IOException {
    String text;
    try {
      // readlink never follows its last name: this reads the link in this directory.
      text = Files.readSymbolicLink(dir().child(linkName)).toString();
    } catch (IOException e) {
      throw missing(null);
    }
    if (!text.startsWith("/")) {
      return Arrays.asList(text.split("/", -1));
    }
    List<String> absolute = VirtualPaths.names(text);
    if (absolute.size() < destination.size()
        || !absolute.subList(0, destination.size()).equals(destination)) {
      throw missing(null);
    }
    while (!entered.isEmpty()) {
      up();
    }
    return absolute.subList(destination.size(), absolute.size());
  }

  private NoSuchFileException missing(String reason) {
    return new NoSuchFileException(display.apply(rest), null, reason);
  }

  @Override
  public void close() {
    while (!entered.isEmpty()) {
      entered.removeLast().close();
    }
    root.release();
  }

  /** Where a walk ended: the directory holding the last name, that name, and the path's names. */
  final class Target implements Closeable {
    private final String name;
    private final List<String> targetNames;
    private final boolean existed;

    private Target(String name, boolean existed) {
      this.name = name;
      this.existed = existed;
      List<String> all = new ArrayList<>(names);
      if (name != null) {
        all.add(name);
      }
      this.targetNames = List.copyOf(all);
    }

    Handle dir() {
      return MountWalk.this.dir();
    }

    /** The last name, or null when the path is the directory {@link #dir()} itself. */
    String name() {
      return name;
    }

    /** The path's names below the mount's root, links resolved. */
    List<String> names() {
      return targetNames;
    }

    /** Whether the last name existed when the walk looked at it. */
    boolean existed() {
      return existed;
    }

    /** The last name, for Java calls that never follow a last name (lstat, mkdir, unlink). */
    Path child() {
      return dir().child(name);
    }

    /** The attributes of what the path names, read through a handle (so its file system is). */
    PosixFileAttributes attributes() throws IOException {
      if (name == null) {
        return dir().attributes();
      }
      try (Handle file = named()) {
        return file.attributes();
      }
    }

    /** A handle on what the path names now (a link is named itself); the caller closes it. */
    Handle named() throws IOException {
      if (name == null) {
        return dir().directoryFollowing(".");
      }
      try {
        return dir().name(name);
      } catch (UnservedFileSystemException e) {
        throw e.naming(display.apply(rest));
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(display.apply(rest));
      }
    }

    @Override
    public void close() {
      MountWalk.this.close();
    }
  }
}
