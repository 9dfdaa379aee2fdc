package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Attributes of any path in a container view, read and changed when asked, not before: inside a
 * mount through its {@link ConfinedMount}; the virtual directories above the mounts are read-only.
 */
final class ContainerAttributeView implements PosixFileAttributeView {
  private final ContainerPath file;
  private final boolean followLinks;

  ContainerAttributeView(ContainerPath file, boolean followLinks) {
    this.file = file;
    this.followLinks = followLinks;
  }

  @Override
  public String name() {
    return "posix";
  }

  @Override
  public PosixFileAttributes readAttributes() throws IOException {
    return ContainerFileSystemProvider.attributes(
        file, file.getFileSystem().locate(file), followLinks);
  }

  @Override
  public void setTimes(FileTime modified, FileTime accessed, FileTime created) throws IOException {
    inMount().setTimes(modified, accessed, created);
  }

  @Override
  public void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
    inMount().setPermissions(permissions);
  }

  @Override
  public void setOwner(UserPrincipal owner) throws IOException {
    inMount().setOwner(owner);
  }

  @Override
  public void setGroup(GroupPrincipal group) throws IOException {
    inMount().setGroup(group);
  }

  @Override
  public UserPrincipal getOwner() throws IOException {
    return readAttributes().owner();
  }

  private PosixFileAttributeView inMount() throws IOException {
    MountTree.Location location = file.getFileSystem().locate(file);
    if (location instanceof MountTree.InMount in) {
      return ContainerFileSystemProvider.confined(file, in).attributeView(in.rest(), followLinks);
    }
    if (location instanceof MountTree.Missing) {
      throw new NoSuchFileException(file.toString());
    }
    throw ContainerFileSystemProvider.readOnlyOutsideMounts(file);
  }
}
