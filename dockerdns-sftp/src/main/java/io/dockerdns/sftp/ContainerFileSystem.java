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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login's view of one container: its mount tree, each mount reached through a {@link
 * ConfinedMount} from the mount's root as the container sees it. It is made at login, so a
 * restarted container's new mounts are seen on the next login; when the container stops, every
 * operation fails with "container stopped". Closing it (MINA does when the SFTP channel ends)
 * closes the mounts' handles once no operation uses them.
 */
final class ContainerFileSystem extends BaseFileSystem<ContainerPath> {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerFileSystem.class);

  private final String containerName;
  private final MountTree tree;
  private final Map<MountTree.MountPoint, ConfinedMount> confined = new HashMap<>();
  private final Map<MountTree.MountPoint, IOException> unavailable = new HashMap<>();
  private final List<Handle> roots = new ArrayList<>();
  private final BooleanSupplier running;
  private final Instant loggedIn = Instant.now();
  private volatile boolean open = true;

  ContainerFileSystem(
      ContainerFileSystemProvider provider,
      String containerName,
      MountTree tree,
      BooleanSupplier running,
      Handle containerRoot) {
    super(provider);
    this.containerName = containerName;
    this.tree = tree;
    this.running = running;
    for (MountTree.MountPoint mount : tree.mounts()) {
      try {
        Handle root = mountRoot(containerRoot, mount);
        roots.add(root);
        confined.put(mount, new ConfinedMount(mount, root, this::isOpen));
      } catch (UnservedFileSystemException e) {
        LOG.info(
            "sftp: container {}'s mount {} is not served: {}",
            containerName,
            mount.displayPath(),
            e.getReason());
        unavailable.put(mount, e);
      } catch (IOException e) {
        // Not a directory in the container's view (a link or file put in its place, or gone):
        // that mount answers with this error.
        unavailable.put(mount, e);
      }
    }
  }

  /**
   * The mount's root, reached from the container's root one directory at a time without following
   * links, so a name in the container's own file system cannot lead elsewhere.
   */
  private static Handle mountRoot(Handle containerRoot, MountTree.MountPoint mount)
      throws IOException {
    Handle at = containerRoot.directoryFollowing(".");
    try {
      for (String name : mount.destination()) {
        Handle next = at.directory(name);
        at.close();
        at = next;
      }
      return at;
    } catch (IOException | RuntimeException e) {
      at.close();
      throw e;
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

  /**
   * Whether {@code names} is a mount on a file system SFTP does not serve: such a mount is left out
   * of listings (reaching it says why it is refused).
   */
  boolean isUnservedMount(List<String> names) {
    return tree.locate(names) instanceof MountTree.InMount in
        && in.rest().isEmpty()
        && unavailable.get(in.mount()) instanceof UnservedFileSystemException;
  }

  ConfinedMount confined(MountTree.MountPoint mount) throws IOException {
    IOException gone = unavailable.get(mount);
    if (gone instanceof UnservedFileSystemException refused) {
      throw refused.naming(mount.displayPath());
    }
    if (gone != null) {
      throw new NoSuchFileException(
          mount.displayPath(),
          null,
          "the mount is not there in the container: " + gone.getMessage());
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
    roots.forEach(Handle::close);
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
