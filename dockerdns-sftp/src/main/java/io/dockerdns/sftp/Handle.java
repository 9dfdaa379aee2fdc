package io.dockerdns.sftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file named by an {@code O_PATH} descriptor ({@link OpenAt}): it stays the same file whatever
 * happens to the names that led to it. Java reaches it as {@code /proc/self/fd/N}, where the kernel
 * jumps to exactly that file, and reaches a name in it (when it is a directory) as {@code
 * /proc/self/fd/N/name}, looked up in that directory and nowhere else.
 *
 * <p>Every handle reached from a name a container controls is on a file system SFTP serves ({@link
 * ServedFileSystems}), checked on the handle itself as it is made: a step into the host's {@code
 * /proc} or {@code /sys}, through a mount or a mount inside one, fails there.
 *
 * <p>A handle shared between threads (a mount's root) is counted: {@link #retain()} before use,
 * {@link #release()} after; {@link #close()} gives up the owner's count, and the descriptor is
 * closed when the last user is done. A descriptor number is never closed twice or while in use,
 * where the kernel could already have given the number to another file.
 */
final class Handle implements Closeable {

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final int fd;
  private final AtomicInteger users = new AtomicInteger(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private Handle(int fd) {
    this.fd = fd;
  }

  /** The directory at a path dockerdns chose (never one a container controls), links followed. */
  static Handle directoryAt(Path directory) throws IOException {
    return new Handle(OpenAt.directoryFollowing(OpenAt.CWD, directory.toString()));
  }

  /** The directory {@code name} in this one; a link or anything else there is refused. */
  Handle directory(String name) throws IOException {
    return served(OpenAt.directory(fd, name), name);
  }

  /**
   * The directory a link {@code name} in this directory leads to: only for {@code "."} and for
   * {@code /proc/PID/root}, the container's own root.
   */
  Handle directoryFollowing(String name) throws IOException {
    return served(OpenAt.directoryFollowing(fd, name), name);
  }

  /** Whatever {@code name} is in this directory, without opening it; a link is named itself. */
  Handle name(String name) throws IOException {
    return served(OpenAt.name(fd, name), name);
  }

  /** Takes {@code fd} when it is on a file system SFTP serves; closes it and refuses otherwise. */
  private static Handle served(int fd, String name) throws IOException {
    Handle handle = new Handle(fd);
    try {
      long type = OpenAt.fileSystemType(fd);
      if (!ServedFileSystems.served(type)) {
        throw new UnservedFileSystemException(name, type);
      }
      return handle;
    } catch (IOException | RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /**
   * A new, empty regular file {@code name} in this directory, named by an ordinary descriptor (kept
   * only until Java reopens it through {@link #path()}).
   */
  Handle newFile(String name) throws IOException {
    return new Handle(OpenAt.createFile(fd, name));
  }

  /** This file, for Java: {@code /proc/self/fd/N}. */
  Path path() {
    return Path.of("/proc/self/fd/" + fd);
  }

  /** {@code name} in this directory, for Java calls that never follow their last name. */
  Path child(String name) {
    return path().resolve(name);
  }

  /** This file's own attributes (a link's, when it names a link). */
  PosixFileAttributes attributes() throws IOException {
    return Files.readAttributes(path(), PosixFileAttributes.class);
  }

  /** The attributes of {@code name} in this directory, or null when nothing has that name. */
  PosixFileAttributes childAttributes(String name) throws IOException {
    try {
      return Files.readAttributes(child(name), PosixFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** One more user; fails when the handle is already closed. */
  void retain() throws IOException {
    while (true) {
      int count = users.get();
      if (count == 0) {
        throw new FileSystemException("the session is closed");
      }
      if (users.compareAndSet(count, count + 1)) {
        return;
      }
    }
  }

  /** One user fewer; the last one closes the descriptor. */
  void release() {
    if (users.decrementAndGet() == 0) {
      OpenAt.release(fd);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release();
    }
  }
}
