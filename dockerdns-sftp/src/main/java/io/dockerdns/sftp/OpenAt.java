package io.dockerdns.sftp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;

/**
 * The system calls SFTP confinement needs that Java 17 cannot make: {@code openat(2)}, with {@code
 * O_PATH}, and {@code fstatfs(2)}. An {@code O_PATH} descriptor names a file without opening it, so
 * no device's open runs and no FIFO blocks; its type and its file system are then read from what
 * was named, not from a name that may have changed since ({@code /proc/self/fd/N} reaches exactly
 * that file). Everything else is done by Java through {@code /proc/self/fd/N}.
 *
 * <p>Linux on x86-64 and AArch64 only (the flag values differ by architecture); elsewhere every
 * call fails, and SFTP refuses logins with that reason.
 */
final class OpenAt {

  /** The process's working directory, as a directory descriptor. */
  static final int CWD = -100;

  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_EXCL = 0200;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;
  private static final int O_DIRECTORY = Platform.isARM() ? 040000 : 0200000;
  private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;

  private static final int ENOENT = 2;
  private static final int EACCES = 13;
  private static final int EEXIST = 17;
  private static final int ENOTDIR = 20;
  private static final int ELOOP = 40;
  private static final int EPERM = 1;

  /** {@code sizeof(struct statfs)} is 120 on x86-64 and AArch64; room to spare. */
  private static final int STATFS_BYTES = 256;

  /** Why the native calls are not available, or null when they are. */
  private static final String UNAVAILABLE = load();

  private OpenAt() {}

  private static String load() {
    if (!Platform.isLinux() || !(Platform.isIntel() || Platform.isARM()) || !Platform.is64Bit()) {
      return "SFTP needs Linux on x86-64 or AArch64 to open files safely, not "
          + System.getProperty("os.name")
          + " on "
          + System.getProperty("os.arch");
    }
    try {
      Native.register(OpenAt.class, Platform.C_LIBRARY_NAME);
      return null;
    } catch (LinkageError | RuntimeException e) {
      // No loadable native part (a noexec temporary directory, say): SFTP then refuses logins.
      return "SFTP cannot load its native file access (JNA): " + e;
    }
  }

  /** Throws with the reason when the native calls cannot be made here. */
  static void requireAvailable() throws IOException {
    if (UNAVAILABLE != null) {
      throw new FileSystemException(UNAVAILABLE);
    }
  }

  /**
   * Names {@code name} in directory {@code dirFd} without opening it and without following a
   * symbolic link there (a link is named itself).
   */
  static int name(int dirFd, String name) throws IOException {
    return call(dirFd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
  }

  /** Names the directory {@code name} in {@code dirFd}; a link there is refused, not followed. */
  static int directory(int dirFd, String name) throws IOException {
    return call(dirFd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
  }

  /**
   * Names the directory {@code path} leads to, following links: only for paths dockerdns chooses (a
   * {@code /proc} entry, a test's directory), never for a name a container controls.
   */
  static int directoryFollowing(int dirFd, String path) throws IOException {
    return call(dirFd, path, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
  }

  /** Creates a new regular file {@code name} in {@code dirFd}; fails when anything has the name. */
  static int createFile(int dirFd, String name) throws IOException {
    return call(dirFd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0666);
  }

  /**
   * The {@code f_type} of the file system holding the file {@code fd} names: the first field of
   * {@code struct statfs}, a 64-bit word on both architectures.
   */
  static long fileSystemType(int fd) throws IOException {
    requireAvailable();
    byte[] statfs = new byte[STATFS_BYTES];
    try {
      fstatfs(fd, statfs);
    } catch (LastErrorException e) {
      throw new FileSystemException(
          "descriptor " + fd, null, "fstatfs failed with errno " + e.getErrorCode());
    }
    return ByteBuffer.wrap(statfs).order(ByteOrder.nativeOrder()).getLong(0);
  }

  /** Closes a descriptor from this class; an error there has nothing left to undo. */
  static void release(int fd) {
    try {
      close(fd);
    } catch (LastErrorException e) {
      // EINTR or EIO on close: the descriptor is released either way on Linux.
    }
  }

  private static int call(int dirFd, String name, int flags, int mode) throws IOException {
    requireAvailable();
    byte[] bytes = name.getBytes(FileNames.ENCODING);
    byte[] path = Arrays.copyOf(bytes, bytes.length + 1); // NUL-terminated
    try {
      return openat(dirFd, path, flags, mode);
    } catch (LastErrorException e) {
      throw failure(name, e.getErrorCode());
    }
  }

  private static IOException failure(String name, int errno) {
    return switch (errno) {
      case ENOENT -> new NoSuchFileException(name);
      case EEXIST -> new FileAlreadyExistsException(name);
      case EACCES, EPERM -> new AccessDeniedException(name);
      case ENOTDIR, ELOOP -> new NotDirectoryException(name);
      default -> new FileSystemException(name, null, "openat failed with errno " + errno);
    };
  }

  private static native int openat(int dirFd, byte[] path, int flags, int mode)
      throws LastErrorException;

  private static native int fstatfs(int fd, byte[] statfs) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;
}
