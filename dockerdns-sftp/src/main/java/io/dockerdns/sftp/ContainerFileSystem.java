package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.sshd.common.file.util.BaseFileSystem;

/**
 * One login's view of one container: its mount tree, each mount reached through a {@link
 * ConfinedMount}. It is made at login, so a restarted container's new mounts are seen on the next
 * login; when the container stops, every operation fails with "container stopped".
 */
final class ContainerFileSystem extends BaseFileSystem<ContainerPath> {

  private final String containerName;
  private final MountTree tree;
  private final Map<MountTree.MountPoint, ConfinedMount> confined = new HashMap<>();
  private final Map<MountTree.MountPoint, IOException> unavailable = new HashMap<>();
  private final BooleanSupplier running;
  private final Instant loggedIn = Instant.now();
  private volatile boolean open = true;

  ContainerFileSystem(
      ContainerFileSystemProvider provider,
      String containerName,
      MountTree tree,
      BooleanSupplier running) {
    super(provider);
    this.containerName = containerName;
    this.tree = tree;
    this.running = running;
    for (MountTree.MountPoint mount : tree.mounts()) {
      try {
        confined.put(mount, new ConfinedMount(mount));
      } catch (IOException e) {
        // The host path is gone (a removed volume): that mount answers with this error.
        unavailable.put(mount, e);
      }
    }
  }

  Instant loggedIn() {
    return loggedIn;
  }

  /**
   * Where a path leads, after checking the container still runs. A stopped container's files are
   * "no such file" (with the reason): MINA takes any other error while checking existence as
   * "unknown" and would answer with empty attributes.
   */
  MountTree.Location locate(ContainerPath path) throws IOException {
    if (!open) {
      throw new FileSystemException(path.toString(), null, "the session is closed");
    }
    if (!running.getAsBoolean()) {
      throw new NoSuchFileException(
          path.toString(), null, "container " + containerName + " stopped");
    }
    return tree.locate(path.absoluteNames());
  }

  ConfinedMount confined(MountTree.MountPoint mount) throws IOException {
    IOException gone = unavailable.get(mount);
    if (gone != null) {
      throw new NoSuchFileException(
          mount.displayPath(), null, "the mount's source is not available: " + gone.getMessage());
    }
    return confined.get(mount);
  }

  ContainerPath realPath(ContainerPath path) throws IOException {
    MountTree.Location location = locate(path);
    if (location instanceof MountTree.InMount in) {
      List<String> names = new ArrayList<>(in.mount().destination());
      names.addAll(confined(in.mount()).realNames(in.rest()));
      return create("/", names);
    }
    if (location instanceof MountTree.Missing) {
      throw new NoSuchFileException(path.toString());
    }
    return create("/", path.absoluteNames());
  }

  @Override
  protected ContainerPath create(String root, List<String> names) {
    return new ContainerPath(this, root, names);
  }

  @Override
  public ContainerFileSystemProvider provider() {
    return (ContainerFileSystemProvider) super.provider();
  }

  @Override
  public void close() {
    open = false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isReadOnly() {
    return tree.mounts().stream().noneMatch(MountTree.MountPoint::writable);
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return Set.of("basic", "posix");
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    throw new UnsupportedOperationException("no user lookup in a container view");
  }

  @Override
  public String toString() {
    return "container " + containerName;
  }
}
