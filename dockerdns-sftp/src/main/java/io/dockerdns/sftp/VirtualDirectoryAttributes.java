package io.dockerdns.sftp;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Set;

/**
 * What a virtual directory (one that only leads to mounts) looks like: owned by root, readable and
 * listable by everyone, written by no one, dated at the login.
 */
record VirtualDirectoryAttributes(Instant time) implements PosixFileAttributes {

  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r-xr-xr-x");

  @Override
  public UserPrincipal owner() {
    return Root.ROOT;
  }

  @Override
  public GroupPrincipal group() {
    return Root.ROOT;
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    return READ_ONLY;
  }

  @Override
  public FileTime lastModifiedTime() {
    return FileTime.from(time);
  }

  @Override
  public FileTime lastAccessTime() {
    return FileTime.from(time);
  }

  @Override
  public FileTime creationTime() {
    return FileTime.from(time);
  }

  @Override
  public boolean isRegularFile() {
    return false;
  }

  @Override
  public boolean isDirectory() {
    return true;
  }

  @Override
  public boolean isSymbolicLink() {
    return false;
  }

  @Override
  public boolean isOther() {
    return false;
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public Object fileKey() {
    return null;
  }

  /** The owner shown for virtual directories; MINA prints principals with toString(). */
  private record Root(String getName) implements GroupPrincipal {
    static final Root ROOT = new Root("root");

    @Override
    public String toString() {
      return getName;
    }
  }
}
