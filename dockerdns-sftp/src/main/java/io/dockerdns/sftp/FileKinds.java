package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What kind of file something is, in the words and letters of {@code ls -l}. */
final class FileKinds {

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private FileKinds() {}

  /**
   * A word for the kind of file a {@link Handle} names, for error messages. The handle's path is
   * followed, which lands on the named file itself.
   */
  static String of(Handle file, BasicFileAttributes attributes) {
    if (attributes.isRegularFile()) {
      return "regular file";
    }
    if (attributes.isDirectory()) {
      return "directory";
    }
    if (attributes.isSymbolicLink()) {
      return "symbolic link";
    }
    return switch (letter(file.path())) {
      case 'c' -> "character device";
      case 'b' -> "block device";
      case 'p' -> "FIFO";
      case 's' -> "socket";
      default -> "special file";
    };
  }

  /**
   * The letter {@code ls -l} starts a line with for a special file (neither regular, directory nor
   * link): {@code c b p s}, or {@code ?} when its mode cannot be read. Only the mode is read: a
   * stat, never an open. A last name that is a link is followed (as for a handle's own path).
   */
  static char letter(Path file, LinkOption... options) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(file, "unix:mode", options);
    } catch (IOException | RuntimeException e) {
      return '?';
    }
    return switch (mode & S_IFMT) {
      case S_IFCHR -> 'c';
      case S_IFBLK -> 'b';
      case S_IFIFO -> 'p';
      case S_IFSOCK -> 's';
      default -> '?';
    };
  }
}
