package io.dockerdns.sftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The files of one mount, reached only through directory handles opened below the mount's real root
 * on the host, one name at a time and never following a symbolic link the kernel would follow. This
 * is what keeps a login inside the mount: a container can plant {@code x -> /} or swap a directory
 * for a symbolic link while we work, and a path checked first and opened after would follow it.
 * Here every open, stat, listing, removal and rename is relative to a handle whose directory was
 * already proven to be inside.
 *
 * <p>Symbolic links are followed as the container would see them, but only while they stay in this
 * mount: relative targets name by name (a {@code ..} above the mount's root is "no such file"),
 * absolute targets when they start with the mount's destination. Anything else is "no such file",
 * the same answer as for a missing file, so nothing about the host is revealed.
 */
final class ConfinedMount {

  private static final int MAX_SYMLINKS = 40;
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MountTree.MountPoint mount;
  private final Path root;

  /**
   * @throws IOException when the mount's source is gone from the host
   */
  ConfinedMount(MountTree.MountPoint mount) throws IOException {
    this.mount = Objects.requireNonNull(mount, "mount");
    // The source is a host path Docker chose or the host's owner gave; only below it is the
    // container's to change.
    this.root = mount.source().toRealPath();
  }

  PosixFileAttributes attributes(List<String> rest, boolean followLinks) throws IOException {
    try (Target target = resolve(rest, followLinks)) {
      return target.view().readAttributes();
    }
  }

  PosixFileAttributeView attributeView(List<String> rest, boolean followLinks) {
    return new PosixFileAttributeView() {
      @Override
      public String name() {
        return "posix";
      }

      @Override
      public PosixFileAttributes readAttributes() throws IOException {
        return attributes(rest, followLinks);
      }

      @Override
      public void setTimes(FileTime modified, FileTime accessed, FileTime created)
          throws IOException {
        requireWritable(rest);
        try (Target target = resolve(rest, followLinks)) {
          target.view().setTimes(modified, accessed, created);
        }
      }

      @Override
      public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
        requireWritable(rest);
        try (Target target = resolve(rest, followLinks)) {
          target.view().setPermissions(permissions);
        }
      }

      @Override
      public void setGroup(java.nio.file.attribute.GroupPrincipal group) throws IOException {
        throw denied(rest, "changing a file's group is not supported");
      }

      @Override
      public UserPrincipal getOwner() throws IOException {
        return readAttributes().owner();
      }

      @Override
      public void setOwner(UserPrincipal owner) throws IOException {
        throw denied(rest, "changing a file's owner is not supported");
      }
    };
  }

  SeekableByteChannel open(List<String> rest, Set<? extends OpenOption> options)
      throws IOException {
    if (options.stream().anyMatch(ContainerFileSystemProvider.WRITES::contains)) {
      requireWritable(rest);
    }
    try (Target target = resolve(rest, true)) {
      if (target.name == null) {
        throw new FileSystemException(display(rest), null, "is a directory");
      }
      Set<OpenOption> confined = new HashSet<>(options);
      confined.add(LinkOption.NOFOLLOW_LINKS);
      return target.dir.newByteChannel(Path.of(target.name), confined);
    }
  }

  /** The names in a directory of this mount. */
  List<String> list(List<String> rest) throws IOException {
    try (Target target = resolve(rest, true)) {
      SecureDirectoryStream<Path> directory =
          target.name == null ? target.dir : enter(target.dir, target.name, rest);
      try {
        List<String> names = new ArrayList<>();
        for (Path entry : directory) {
          names.add(entry.getFileName().toString());
        }
        return names;
      } finally {
        if (directory != target.dir) {
          directory.close();
        }
      }
    } catch (NotDirectoryException e) {
      throw new NotDirectoryException(display(rest));
    }
  }

  /** The text of a symbolic link in this mount, as the container wrote it. */
  String readLink(List<String> rest) throws IOException {
    try (Target target = resolve(rest, false)) {
      BasicFileAttributes before = target.basicAttributes();
      if (target.name == null || !before.isSymbolicLink()) {
        throw new NotLinkException(display(rest));
      }
      // No readlinkat in Java: read by path, and believe it only if the link at that path is the
      // one the handle sees, before and after (a swapped parent would show another file).
      Path byPath = target.hostPath();
      Object key = Files.readAttributes(byPath, BasicFileAttributes.class, NOFOLLOW).fileKey();
      String text = Files.readSymbolicLink(byPath).toString();
      Object keyAfter = target.basicAttributes().fileKey();
      if (!Objects.equals(before.fileKey(), key) || !Objects.equals(key, keyAfter)) {
        throw new NoSuchFileException(display(rest));
      }
      return text;
    }
  }

  /** The path a name really leads to here, with links followed, as names below the mount. */
  List<String> realNames(List<String> rest) throws IOException {
    try (Target target = resolve(rest, true)) {
      target.basicAttributes(); // must exist
      return target.names;
    }
  }

  void createDirectory(List<String> rest) throws IOException {
    requireWritable(rest);
    try (Target target = resolve(rest, false)) {
      if (target.name == null || target.exists()) {
        throw new FileAlreadyExistsException(display(rest));
      }
      // Java has no mkdirat: make the directory at the mount's root, which the container
      // cannot replace, and rename it into the handle's directory (renameat).
      String staging = ".dockerdns-mkdir-" + HexFormat.of().formatHex(randomBytes());
      Files.createDirectory(root.resolve(staging));
      try (SecureDirectoryStream<Path> rootDir = openRoot()) {
        rootDir.move(Path.of(staging), target.dir, Path.of(target.name));
      } catch (IOException e) {
        Files.deleteIfExists(root.resolve(staging));
        throw e;
      }
    }
  }

  void delete(List<String> rest) throws IOException {
    requireWritable(rest);
    try (Target target = resolve(rest, false)) {
      if (target.name == null) {
        throw denied(rest, "a mount point cannot be removed");
      }
      if (target.basicAttributes().isDirectory()) {
        target.dir.deleteDirectory(Path.of(target.name));
      } else {
        target.dir.deleteFile(Path.of(target.name));
      }
    }
  }

  void move(List<String> from, List<String> to, boolean replace) throws IOException {
    requireWritable(from);
    try (Target source = resolve(from, false);
        Target destination = resolve(to, false)) {
      if (source.name == null || destination.name == null) {
        throw denied(source.name == null ? from : to, "a mount point cannot be renamed");
      }
      source.basicAttributes(); // must exist
      if (!replace && destination.exists()) {
        throw new FileAlreadyExistsException(display(to));
      }
      source.dir.move(Path.of(source.name), destination.dir, Path.of(destination.name));
    }
  }

  private void requireWritable(List<String> rest) throws AccessDeniedException {
    if (!mount.writable()) {
      throw denied(rest, "read-only");
    }
  }

  private AccessDeniedException denied(List<String> rest, String why) {
    return new AccessDeniedException(display(rest), null, why);
  }

  String display(List<String> rest) {
    List<String> names = new ArrayList<>(mount.destination());
    names.addAll(rest);
    return "/" + String.join("/", names);
  }

  // The caller owns and closes the handle it returns.
  @SuppressWarnings("StreamResourceLeak")
  private SecureDirectoryStream<Path> openRoot() throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(root);
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new FileSystemException(
        root.toString(), null, "this platform cannot open files relative to a directory handle");
  }

  /**
   * Walks {@code rest} from the mount's root one name at a time. The result is an open handle of
   * the directory holding the last name, and that name ({@code null} when the path is the directory
   * itself). The last name may not exist; {@code followLast} says whether a symbolic link there is
   * followed.
   */
  private Target resolve(List<String> rest, boolean followLast) throws IOException {
    Deque<String> pending = new ArrayDeque<>(rest);
    List<String> names = new ArrayList<>();
    SecureDirectoryStream<Path> dir = openRoot();
    int links = 0;
    try {
      while (!pending.isEmpty()) {
        String name = pending.removeFirst();
        if (name.isEmpty() || name.equals(".")) {
          continue;
        }
        if (name.equals("..")) {
          if (names.isEmpty()) {
            throw new NoSuchFileException(display(rest)); // above the mount's root
          }
          List<String> parent = List.copyOf(names.subList(0, names.size() - 1));
          dir = restart(dir, parent, pending, names);
          continue;
        }
        boolean last = pending.isEmpty();
        BasicFileAttributes attributes = lstat(dir, name);
        if (attributes == null) {
          if (last) {
            return new Target(dir, name, append(names, name), false);
          }
          throw new NoSuchFileException(display(rest));
        }
        if (attributes.isSymbolicLink() && (!last || followLast)) {
          if (++links > MAX_SYMLINKS) {
            throw new NoSuchFileException(display(rest), null, "too many symbolic links");
          }
          dir = restart(dir, linkTarget(names, name, rest), pending, names);
          continue;
        }
        if (last) {
          return new Target(dir, name, append(names, name), true);
        }
        if (!attributes.isDirectory()) {
          throw new NotDirectoryException(display(rest));
        }
        SecureDirectoryStream<Path> next = enter(dir, name, rest);
        dir.close();
        dir = next;
        names.add(name);
      }
      return new Target(dir, null, List.copyOf(names), true);
    } catch (IOException | RuntimeException e) {
      if (dir != null) {
        dir.close();
      }
      throw e;
    }
  }

  /**
   * Opens a directory below {@code dir}. When it was swapped for a link since it was looked at, the
   * kernel refuses (O_NOFOLLOW); that is "no such file" like any other way out.
   */
  // The caller owns and closes the handle it returns.
  @SuppressWarnings("StreamResourceLeak")
  private SecureDirectoryStream<Path> enter(
      SecureDirectoryStream<Path> dir, String name, List<String> rest) throws IOException {
    try {
      return dir.newDirectoryStream(Path.of(name), NOFOLLOW);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(display(rest));
    } catch (FileSystemException e) {
      throw new NoSuchFileException(display(rest), null, "changed while it was being opened");
    }
  }

  /** Closes {@code dir} and continues the walk from the root, at {@code from}. */
  private SecureDirectoryStream<Path> restart(
      SecureDirectoryStream<Path> dir, List<String> from, Deque<String> pending, List<String> names)
      throws IOException {
    dir.close();
    for (int i = from.size() - 1; i >= 0; i--) {
      pending.addFirst(from.get(i));
    }
    names.clear();
    return openRoot();
  }

  /** The names (from the mount's root) a link points to, when it stays inside the mount. */
  private List<String> linkTarget(List<String> linkDirectory, String linkName, List<String> rest)
      throws IOException {
    Path link = root.resolve(String.join("/", append(linkDirectory, linkName)));
    String text;
    try {
      text = Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new NoSuchFileException(display(rest));
    }
    if (text.startsWith("/")) {
      List<String> absolute = VirtualPaths.names(text);
      List<String> destination = mount.destination();
      if (absolute.size() < destination.size()
          || !absolute.subList(0, destination.size()).equals(destination)) {
        throw new NoSuchFileException(display(rest));
      }
      return absolute.subList(destination.size(), absolute.size());
    }
    // Relative: the walk applies each name, so a ".." above the root is refused there.
    List<String> target = new ArrayList<>(linkDirectory);
    target.addAll(List.of(text.split("/", -1)));
    return target;
  }

  private static BasicFileAttributes lstat(SecureDirectoryStream<Path> dir, String name)
      throws IOException {
    try {
      return dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static List<String> append(List<String> names, String name) {
    List<String> appended = new ArrayList<>(names);
    appended.add(name);
    return List.copyOf(appended);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** An open directory handle, the name in it a path leads to, and that path's names. */
  private final class Target implements Closeable {
    final SecureDirectoryStream<Path> dir;
    final String name;
    final List<String> names;
    private final boolean existed;

    Target(SecureDirectoryStream<Path> dir, String name, List<String> names, boolean existed) {
      this.dir = dir;
      this.name = name;
      this.names = names;
      this.existed = existed;
    }

    boolean exists() throws IOException {
      return name == null || (existed && lstat(dir, name) != null);
    }

    PosixFileAttributeView view() throws IOException {
      if (!exists()) {
        throw new NoSuchFileException(display(names));
      }
      return name == null
          ? dir.getFileAttributeView(PosixFileAttributeView.class)
          : dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NOFOLLOW);
    }

    BasicFileAttributes basicAttributes() throws IOException {
      return view().readAttributes();
    }

    Path hostPath() {
      return names.isEmpty() ? root : root.resolve(String.join("/", names));
    }

    @Override
    public void close() throws IOException {
      dir.close();
    }
  }

  /** Asked for the target of something that is not a symbolic link. */
  static final class NotLinkException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    NotLinkException(String file) {
      super(file, null, "not a symbolic link");
    }
  }
}
