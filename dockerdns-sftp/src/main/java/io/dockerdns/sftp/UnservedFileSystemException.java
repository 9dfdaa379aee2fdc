package io.dockerdns.sftp;

import java.nio.file.AccessDeniedException;

/** A file on a file system SFTP does not serve ({@link ServedFileSystems}): proc, sysfs, .... */
final class UnservedFileSystemException extends AccessDeniedException {
  private static final long serialVersionUID = 1L;

  private final long type;

  UnservedFileSystemException(String file, long type) {
    super(file, null, ServedFileSystems.refusal(type));
    this.type = type;
  }

  /** The same refusal for another name (the whole path a client asked for, say). */
  UnservedFileSystemException naming(String file) {
    return new UnservedFileSystemException(file, type);
  }
}
