package io.dockerdns.sftp;

import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may log in as which container, and what they see once in. The user name is a running
 * container's name (or its hostname, when only one container has it). An unknown name is refused
 * exactly like a wrong key or password, so logins cannot be used to learn which containers run.
 */
final class ContainerLogins
    implements PublickeyAuthenticator, PasswordAuthenticator, FileSystemFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerLogins.class);
  private static final AttributeKey<String> CONTAINER_ID = new AttributeKey<>();

  private final SftpServerConfig config;
  private final Resolver resolver;
  private final Supplier<RegistrySnapshot> snapshots;
  private final ContainerFileSystemProvider files = new ContainerFileSystemProvider();
  private final PasswordChecks passwordChecks;

  ContainerLogins(
      SftpServerConfig config,
      Resolver resolver,
      Supplier<RegistrySnapshot> snapshots,
      PasswordChecks passwordChecks) {
    this.config = config;
    this.resolver = resolver;
    this.snapshots = snapshots;
    this.passwordChecks = passwordChecks;
  }

  /** The running container a user name logs in as: the resolver's rule, not one of our own. */
  Optional<Container> container(String username) {
    return resolver.containerNamed(snapshots.get(), username);
  }

  @Override
  public boolean authenticate(String username, PublicKey key, ServerSession session) {
    Optional<Container> container = container(username);
    if (container.isEmpty()) {
      return refused(username, "public key", session);
    }
    boolean listed =
        AuthorizedKeys.lists(config.authorizedKeys(), key)
            || config
                .perContainerKeys()
                .map(dir -> AuthorizedKeys.lists(perContainerFile(dir, container.get()), key))
                .orElse(false);
    if (!listed) {
      return refused(username, "public key", session);
    }
    return accepted(container.get(), "key " + KeyUtils.getFingerPrint(key), session);
  }

  /**
   * Checks a password on {@link PasswordChecks}' thread, never on MINA's: the answer comes later,
   * through the {@code AsyncAuthException} thrown, or at once when the client's address must wait.
   */
  @Override
  public boolean authenticate(String username, String password, ServerSession session) {
    if (config.passwordHash().isEmpty() || password == null || password.isEmpty()) {
      return refused(username, "password", session);
    }
    boolean taken =
        passwordChecks.check(
            clientAddress(session),
            () -> {
              // Hashed before the name is looked at: the time taken does not tell names apart.
              boolean matches = config.passwordHash().get().matches(password.toCharArray());
              Optional<Container> container = container(username);
              if (container.isEmpty() || !matches) {
                return refused(username, "password", session);
              }
              return accepted(container.get(), "password", session);
            });
    return taken || refused(username, "password (too many wrong ones from there lately)", session);
  }

  private static InetAddress clientAddress(ServerSession session) {
    return session.getClientAddress() instanceof InetSocketAddress inet
        ? inet.getAddress()
        : InetAddress.getLoopbackAddress();
  }

  private static Path perContainerFile(Path directory, Container container) {
    // Docker names are [a-zA-Z0-9][a-zA-Z0-9_.-]*: never a path of their own.
    return directory.resolve(container.name());
  }

  private static boolean accepted(Container container, String how, ServerSession session) {
    // A key is checked twice (offered, then signed): say so once.
    if (container.id().equals(session.setAttribute(CONTAINER_ID, container.id()))) {
      return true;
    }
    LOG.info(
        "sftp: {} logged in as container {} with {}",
        session.getClientAddress(),
        container.name(),
        how);
    return true;
  }

  private static boolean refused(String username, String how, ServerSession session) {
    LOG.debug("sftp: {} refused as '{}' ({})", session.getClientAddress(), username, how);
    return false;
  }

  @Override
  public Path getUserHomeDir(SessionContext session) {
    return null;
  }

  @Override
  public FileSystem createFileSystem(SessionContext session) throws IOException {
    String id = session.getAttribute(CONTAINER_ID);
    Optional<Container> container = id == null ? Optional.empty() : snapshots.get().byFullId(id);
    if (container.isEmpty()) {
      throw new FileSystemException(session.getUsername(), null, "the container stopped");
    }
    MountTree tree = MountTree.of(container.get().mounts(), config.writable());
    Handle root;
    try {
      root = ContainerRoot.open(container.get());
    } catch (IOException e) {
      LOG.warn("sftp: {}", e.getMessage());
      throw e;
    }
    try (root) {
      return files.newFileSystem(
          container.get().name(), tree, () -> snapshots.get().byFullId(id).isPresent(), root);
    }
  }
}
