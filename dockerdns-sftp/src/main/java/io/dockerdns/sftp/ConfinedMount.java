package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The files of one mount, reached only from the mount's root as the container sees it (a {@link
 * Handle} opened through the container's own view at login), one name at a time, never letting the
 * kernel follow a symbolic link. A container can plant {@code x -> /}, swap a directory for a link
 * while we work, or swap the mount's source on the host: none of it changes a handle already open,
 * and every open, stat, listing, removal and rename is relative to a handle whose directory was
 * already proven to be inside ({@link MountWalk}).
 *
 * <p>Only regular files are opened and only directories listed: a device node, FIFO or socket a
 * container planted is shown with its real type and refused, and its type is read from what was
 * named ({@code O_PATH}), so no device's open ever runs and no FIFO blocks a thread.
 */
final class ConfinedMount {

  private static final Set<OpenOption> NOT_ON_REOPEN =
      Set.of(
          StandardOpenOption.CREATE,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.DELETE_ON_CLOSE,
          LinkOption.NOFOLLOW_LINKS);

  private final MountTree.MountPoint mount;
  private final Handle root;
  private final BooleanSupplier active;

  /**
   * @param root the mount's root directory; its owner closes it
   * @param active false once the session ends, which stops a walk in progress
   */
  ConfinedMount(MountTree.MountPoint mount, Handle root, BooleanSupplier active) {
    this.mount = Objects.requireNonNull(mount, "mount");
    this.root = Objects.requireNonNull(root, "root");
    this.active = Objects.requireNonNull(active, "active");
  }

  PosixFileAttributes attributes(List<String> rest, boolean followLinks) throws IOException {
    try (MountWalk.Target target = walk(rest, followLinks)) {
      return target.attributes();
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
        changeAttributes(rest, followLinks, view -> view.setTimes(modified, accessed, created));
      }

      @Override
      public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
        changeAttributes(rest, followLinks, view -> view.setPermissions(permissions));
      }

      @Override
      public void setGroup(GroupPrincipal group) throws IOException {
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

  private interface Change {
    void apply(PosixFileAttributeView view) throws IOException;
  }

  /**
   * Changes the attributes of a regular file or directory through a handle on that very file (Java
   * then reaches it by {@code /proc/self/fd/N}, so a name swapped meanwhile changes nothing).
   */
  private void changeAttributes(List<String> rest, boolean followLinks, Change change)
      throws IOException {
    requireWritable(rest);
    try (MountWalk.Target target = walk(rest, followLinks);
        Handle file = target.named()) {
      requireRegularOrDirectory(file, rest);
      change.apply(Files.getFileAttributeView(file.path(), PosixFileAttributeView.class));
    }
  }

  SeekableByteChannel open(List<String> rest, Set<? extends OpenOption> options)
      throws IOException {
    boolean create =
        options.contains(StandardOpenOption.CREATE)
            || options.contains(StandardOpenOption.CREATE_NEW);
    if (create || options.stream().anyMatch(ContainerFileSystemProvider.WRITES::contains)) {
      requireWritable(rest);
    }
    try (MountWalk.Target target = walk(rest, true)) {
      if (target.name() == null) {
        throw new FileSystemException(display(rest), null, "is a directory");
      }
      try (Handle file = existingOrNew(target, options, create, rest)) {
        PosixFileAttributes attributes = file.attributes();
        if (attributes.isDirectory()) {
          throw new FileSystemException(display(rest), null, "is a directory");
        }
        if (!attributes.isRegularFile()) {
          throw denied(rest, "not a regular file but a " + FileKinds.of(file, attributes));
        }
        Set<OpenOption> reopen = new HashSet<>(options);
        reopen.removeAll(NOT_ON_REOPEN);
        // The handle names a regular file: reopening it through /proc runs no device's open.
        return FileChannel.open(file.path(), reopen);
      }
    }
  }

  private Handle existingOrNew(
      MountWalk.Target target, Set<? extends OpenOption> options, boolean create, List<String> rest)
      throws IOException {
    if (!target.existed()) {
      if (!create) {
        throw new NoSuchFileException(display(rest));
      }
      try {
        return target.dir().newFile(target.name());
      } catch (FileAlreadyExistsException e) {
        // Something took the name since the walk: treat it as the existing file it now is.
      }
    }
    if (options.contains(StandardOpenOption.CREATE_NEW)) {
      throw new FileAlreadyExistsException(display(rest));
    }
    return target.named();
  }

  /**
   * The names in a directory of this mount, less names no listing can show safely and mount points
   * of file systems SFTP does not serve (a {@code proc} inside a mount of the host's {@code /}).
   */
  List<String> list(List<String> rest) throws IOException {
    try (MountWalk.Target target = walk(rest, true);
        Handle directory = target.name() == null ? null : enter(target, rest)) {
      Handle listed = directory == null ? target.dir() : directory;
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(listed.path())) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (FileNames.listable(name) && !unserved(listed, name)) {
            names.add(name);
          }
        }
      }
      return names;
    }
  }

  private static boolean unserved(Handle directory, String name) {
    try {
      directory.name(name).close(); // the file system is checked as the handle is made
      return false;
    } catch (UnservedFileSystemException e) {
      return true;
    } catch (IOException e) {
      return false; // gone since the listing read it: the client's stat will say so
    }
  }

  private Handle enter(MountWalk.Target target, List<String> rest) throws IOException {
    try {
      return target.dir().directory(target.name());
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(display(rest));
    } catch (FileSystemException e) {
      throw new NotDirectoryException(display(rest));
    }
  }

  /** The text of a symbolic link in this mount, as the container wrote it. */
  String readLink(List<String> rest) throws IOException {
    try (MountWalk.Target target = walk(rest, false)) {
      if (target.name() == null || !target.attributes().isSymbolicLink()) {
        throw new NotLinkException(display(rest));
      }
      return Files.readSymbolicLink(target.child()).toString();
    } catch (java.nio.file.NotLinkException e) {
      throw new NotLinkException(display(rest)); // swapped since the walk
    }
  }

  /** The path a name really leads to here, with links followed, as names below the mount. */
  List<String> realNames(List<String> rest) throws IOException {
    try (MountWalk.Target target = walk(rest, true)) {
      target.attributes(); // must exist
      return target.names();
    }
  }

  void createDirectory(List<String> rest) throws IOException {
    requireWritable(rest);
    try (MountWalk.Target target = walk(rest, false)) {
      if (target.name() == null || target.existed()) {
        throw new FileAlreadyExistsException(display(rest));
      }
      // mkdir never follows its last name: a link planted meanwhile makes it fail, not escape.
      Files.createDirectory(target.child());
    }
  }

  void delete(List<String> rest) throws IOException {
    requireWritable(rest);
    try (MountWalk.Target target = walk(rest, false)) {
      if (target.name() == null) {
        throw denied(rest, "a mount point cannot be removed");
      }
      if (!target.existed()) {
        throw new NoSuchFileException(display(rest));
      }
      Files.delete(target.child()); // unlink and rmdir never follow their last name
    }
  }

  void move(List<String> from, List<String> to, boolean replace) throws IOException {
    requireWritable(from);
    try (MountWalk.Target source = walk(from, false);
        MountWalk.Target destination = walk(to, false)) {
      if (source.name() == null || destination.name() == null) {
        throw denied(source.name() == null ? from : to, "a mount point cannot be renamed");
      }
      if (!source.existed()) {
        throw new NoSuchFileException(display(from));
      }
      if (!replace && destination.existed()) {
        throw new FileAlreadyExistsException(display(to));
      }
      // rename(2) alone: it never follows either last name.
      Files.move(source.child(), destination.child(), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private MountWalk.Target walk(List<String> rest, boolean followLast) throws IOException {
    return MountWalk.walk(root, mount.destination(), rest, followLast, active, this::display);
  }

  private void requireWritable(List<String> rest) throws AccessDeniedException {
    if (!mount.writable()) {
      throw denied(rest, "read-only");
    }
  }

  private void requireRegularOrDirectory(Handle file, List<String> rest) throws IOException {
    PosixFileAttributes attributes = file.attributes();
    if (!attributes.isRegularFile() && !attributes.isDirectory()) {
      throw denied(
          rest,
          "only files and directories can be changed, not a " + FileKinds.of(file, attributes));
    }
  }

  /** The {@code ls -l} letter of a special file here (its mode read, the file never opened). */
  char specialFileLetter(List<String> rest) throws IOException {
    try (MountWalk.Target target = walk(rest, false)) {
      return target.name() == null
          ? 'd'
          : FileKinds.letter(target.child(), LinkOption.NOFOLLOW_LINKS);
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

  /** Asked for the target of something that is not a symbolic link. */
  static final class NotLinkException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    NotLinkException(String file) {
      super(file, null, "not a symbolic link");
    }
  }
}
