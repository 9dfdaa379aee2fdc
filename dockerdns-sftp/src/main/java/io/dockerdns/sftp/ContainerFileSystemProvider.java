package io.dockerdns.sftp;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The file operations the SFTP subsystem performs, on a container's view: virtual directories are
 * answered here, everything inside a mount goes through that mount's {@link ConfinedMount}. Every
 * operation MINA's SFTP code can reach lands in one of these methods, so there is no side door.
 */
final class ContainerFileSystemProvider extends java.nio.file.spi.FileSystemProvider {

  /** Options that open a file for writing (or create, truncate or remove it). */
  static final Set<OpenOption> WRITES =
      Set.of(
          StandardOpenOption.WRITE,
          StandardOpenOption.APPEND,
          StandardOpenOption.CREATE,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.DELETE_ON_CLOSE);

  /** A login's view; {@code containerRoot} is only used while making it (its caller closes it). */
  ContainerFileSystem newFileSystem(
      String containerName, MountTree tree, BooleanSupplier running, Handle containerRoot) {
    return new ContainerFileSystem(this, containerName, tree, running, containerRoot);
  }

  @Override
  public String getScheme() {
    return "dockerdns-container";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("container views are made at login");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("container views are made at login");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("container views are made at login");
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
      throws IOException {
    ContainerPath file = checked(path);
    MountTree.Location location = file.getFileSystem().locate(file);
    if (location instanceof MountTree.InMount in) {
      return confined(file, in).open(in.rest(), options);
    }
    if (options.stream().anyMatch(WRITES::contains)) {
      throw readOnlyOutsideMounts(file);
    }
    if (location instanceof MountTree.VirtualDirectory) {
      throw new FileSystemException(file.toString(), null, "is a directory");
    }
    throw new NoSuchFileException(file.toString());
  }

  @Override
  public FileChannel newFileChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
      throws IOException {
    SeekableByteChannel channel = newByteChannel(path, options, attributes);
    if (channel instanceof FileChannel fileChannel) {
      return fileChannel;
    }
    channel.close();
    throw new UnsupportedOperationException("this platform gives no file channel here");
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path path, DirectoryStream.Filter<? super Path> filter) throws IOException {
    ContainerPath dir = checked(path);
    MountTree.Location location = dir.getFileSystem().locate(dir);
    Set<String> names = new TreeSet<>();
    if (location instanceof MountTree.VirtualDirectory virtual) {
      names.addAll(virtual.children());
    } else if (location instanceof MountTree.InMount in) {
      names.addAll(confined(dir, in).list(in.rest()));
      names.addAll(in.nestedMounts());
    } else {
      throw new NoSuchFileException(dir.toString());
    }
    List<Path> entries = new ArrayList<>();
    for (String name : names) {
      if (!FileNames.listable(name)) {
        continue;
      }
      ContainerPath entry = dir.resolve(name);
      if (dir.getFileSystem().isUnservedMount(entry.absoluteNames())) {
        continue;
      }
      if (filter.accept(entry)) {
        entries.add(entry);
      }
    }
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        return entries.iterator();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void createDirectory(Path path, FileAttribute<?>... attributes) throws IOException {
    ContainerPath dir = checked(path);
    MountTree.Location location = dir.getFileSystem().locate(dir);
    if (location instanceof MountTree.InMount in && !in.rest().isEmpty()) {
      confined(dir, in).createDirectory(in.rest());
    } else if (location instanceof MountTree.Missing) {
      throw readOnlyOutsideMounts(dir);
    } else {
      throw new FileAlreadyExistsException(dir.toString());
    }
  }

  @Override
  public void delete(Path path) throws IOException {
    ContainerPath file = checked(path);
    MountTree.Location location = file.getFileSystem().locate(file);
    if (location instanceof MountTree.InMount in && !in.rest().isEmpty()) {
      confined(file, in).delete(in.rest());
    } else if (location instanceof MountTree.Missing) {
      throw new NoSuchFileException(file.toString());
    } else {
      throw new AccessDeniedException(file.toString(), null, "a mount point cannot be removed");
    }
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    throw new AccessDeniedException(checked(source).toString(), null, "copying is not supported");
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    ContainerPath from = checked(source);
    ContainerPath to = checked(target);
    MountTree.Location fromLocation = from.getFileSystem().locate(from);
    MountTree.Location toLocation = to.getFileSystem().locate(to);
    if (!(fromLocation instanceof MountTree.InMount in)) {
      if (fromLocation instanceof MountTree.Missing) {
        throw new NoSuchFileException(from.toString());
      }
      throw new AccessDeniedException(from.toString(), null, "a mount point cannot be renamed");
    }
    if (!(toLocation instanceof MountTree.InMount out) || !out.mount().equals(in.mount())) {
      throw new AccessDeniedException(
          from.toString(), to.toString(), "files move only within one mount");
    }
    boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
    confined(from, in).move(in.rest(), out.rest(), replace);
  }

  @Override
  public boolean isSameFile(Path path, Path other) throws IOException {
    return checked(path).toRealPath().equals(checked(other).toRealPath());
  }

  @Override
  public boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    throw new FileSystemException(path.toString(), null, "file store details are not shared");
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    ContainerPath file = checked(path);
    MountTree.Location location = file.getFileSystem().locate(file);
    PosixFileAttributes attributes = attributes(file, location, true);
    boolean writable = location instanceof MountTree.InMount in && in.mount().writable();
    if (Arrays.asList(modes).contains(AccessMode.WRITE) && !writable) {
      throw new AccessDeniedException(file.toString(), null, "read-only");
    }
    if (attributes == null) {
      throw new NoSuchFileException(file.toString());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    if (type != BasicFileAttributeView.class && type != PosixFileAttributeView.class) {
      return null;
    }
    return (V) new ContainerAttributeView(checked(path), follows(options));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    if (!type.isAssignableFrom(PosixFileAttributes.class)) {
      throw new UnsupportedOperationException(type.getSimpleName() + " is not supported");
    }
    return (A) new ContainerAttributeView(checked(path), follows(options)).readAttributes();
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    return AttributeMaps.select(
        attributes, new ContainerAttributeView(checked(path), follows(options)).readAttributes());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    ContainerAttributeView view = new ContainerAttributeView(checked(path), follows(options));
    String name = attribute.substring(attribute.indexOf(':') + 1);
    switch (name) {
      case "lastModifiedTime" -> view.setTimes((FileTime) value, null, null);
      case "lastAccessTime" -> view.setTimes(null, (FileTime) value, null);
      case "creationTime" -> view.setTimes(null, null, (FileTime) value);
      case "permissions" -> view.setPermissions((Set<PosixFilePermission>) value);
      default ->
          throw new UnsupportedOperationException("setting '" + attribute + "' is not supported");
    }
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    ContainerPath file = checked(link);
    MountTree.Location location = file.getFileSystem().locate(file);
    if (location instanceof MountTree.InMount in) {
      return file.getFileSystem().getPath(confined(file, in).readLink(in.rest()));
    }
    if (location instanceof MountTree.Missing) {
      throw new NoSuchFileException(file.toString());
    }
    throw new ConfinedMount.NotLinkException(file.toString());
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes)
      throws IOException {
    throw new AccessDeniedException(link.toString(), null, "creating links is not allowed");
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    throw new AccessDeniedException(link.toString(), null, "creating links is not allowed");
  }

  /**
   * The {@code ls -l} letter of a special file (device, FIFO, socket), which MINA's listings cannot
   * show by themselves.
   */
  char specialFileLetter(ContainerPath file) throws IOException {
    MountTree.Location location = file.getFileSystem().locate(file);
    if (location instanceof MountTree.InMount in) {
      return confined(file, in).specialFileLetter(in.rest());
    }
    return '?';
  }

  static PosixFileAttributes attributes(
      ContainerPath file, MountTree.Location location, boolean followLinks) throws IOException {
    if (location instanceof MountTree.InMount in) {
      return confined(file, in).attributes(in.rest(), followLinks);
    }
    if (location instanceof MountTree.VirtualDirectory) {
      return new VirtualDirectoryAttributes(file.getFileSystem().loggedIn());
    }
    throw new NoSuchFileException(file.toString());
  }

  static ConfinedMount confined(ContainerPath file, MountTree.InMount in) throws IOException {
    return file.getFileSystem().confined(in.mount());
  }

  static AccessDeniedException readOnlyOutsideMounts(ContainerPath file) {
    return new AccessDeniedException(
        file.toString(), null, "only mounts hold files; the directories above them are read-only");
  }

  private static boolean follows(LinkOption... options) {
    return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
  }

  private static ContainerPath checked(Path path) {
    if (path instanceof ContainerPath containerPath) {
      return containerPath;
    }
    throw new ProviderMismatchException("not a container path: " + path);
  }
}
