package io.dockerdns.sftp;

import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.net.BindFailures;
import io.dockerdns.core.registry.RegistrySnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP server: log in as a running container and see its mounts, nothing else. Only the SFTP
 * subsystem is offered: shell, exec, port, agent and X11 forwarding are refused.
 *
 * <pre>{@code
 * try (SftpServer sftp =
 *     SftpServer.start(SftpServerConfig.defaults(), dns.resolver(), dns::snapshot)) {
 *   ...   // sftp -P 10022 web@localhost
 * }
 * }</pre>
 */
public final class SftpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SftpServer.class);

  /** Attempts (keys offered count too) before a connection is dropped. */
  static final int MAX_AUTH_ATTEMPTS = 6;

  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(30);

  private final SshServer ssh;
  private final String fingerprint;
  private final PasswordChecks passwordChecks;

  private SftpServer(SshServer ssh, String fingerprint, PasswordChecks passwordChecks) {
    this.ssh = ssh;
    this.fingerprint = fingerprint;
    this.passwordChecks = passwordChecks;
  }

  /**
   * Loads (or makes) the host key, binds and starts accepting logins.
   *
   * @throws SftpStartException with a one-line reason when the key or the address fails
   */
  public static SftpServer start(
      SftpServerConfig config, Resolver resolver, Supplier<RegistrySnapshot> snapshots) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(snapshots, "snapshots");
    HostKey hostKey = HostKey.loadOrCreate(config.hostKey());
    PasswordChecks passwordChecks = new PasswordChecks(System::nanoTime);
    ContainerLogins logins = new ContainerLogins(config, resolver, snapshots, passwordChecks);

    SshServer ssh = SshServer.setUpDefaultServer();
    ssh.setHost(IpAddresses.format(config.bindAddress()));
    ssh.setPort(config.port());
    ssh.setKeyPairProvider(hostKey.provider());
    ssh.setPublickeyAuthenticator(logins);
    ssh.setPasswordAuthenticator(config.passwordHash().isPresent() ? logins : null);
    ssh.setKeyboardInteractiveAuthenticator(null);
    ssh.setGSSAuthenticator(null);
    ssh.setHostBasedAuthenticator(null);
    ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
    ssh.setAgentFactory(null);
    SftpOnly sftpOnly = new SftpOnly(); // a command or a shell: one line saying so, nothing run
    ssh.setShellFactory(sftpOnly);
    ssh.setCommandFactory(sftpOnly);
    ssh.setFileSystemFactory(logins);
    ssh.setSubsystemFactories(List.of(new ContainerSftpSubsystemFactory()));
    CoreModuleProperties.MAX_AUTH_REQUESTS.set(ssh, MAX_AUTH_ATTEMPTS);
    CoreModuleProperties.AUTH_TIMEOUT.set(ssh, AUTH_TIMEOUT);
    CoreModuleProperties.SERVER_IDENTIFICATION.set(ssh, "dockerdns");
    try {
      ssh.start();
    } catch (IOException e) {
      closeQuietly(ssh);
      passwordChecks.close();
      throw new SftpStartException(
          "SFTP cannot listen on "
              + IpAddresses.format(config.bindAddress())
              + " port "
              + config.port()
              + ": "
              + BindFailures.reason(e),
          e,
          BindFailures.deniedPrivilegedPort(e));
    }
    SftpServer server = new SftpServer(ssh, hostKey.fingerprint(), passwordChecks);
    if (config.passwordHash().isEmpty()
        && config.perContainerKeys().isEmpty()
        && AuthorizedKeys.read(config.authorizedKeys()).isEmpty()) {
      LOG.warn(
          "SFTP: no public key in {} and no password hash: nobody can log in until keys are"
              + " added there (read at each login)",
          config.authorizedKeys());
    }
    LOG.info(
        "SFTP listening on {} port {} ({}, host key {})",
        IpAddresses.format(config.bindAddress()),
        server.port(),
        config.writable() ? "writable mounts" : "read-only",
        server.fingerprint);
    return server;
  }

  /** The port it listens on (the chosen one when configured as 0). */
  public int port() {
    for (SocketAddress address : ssh.getBoundAddresses()) {
      if (address instanceof InetSocketAddress inet) {
        return inet.getPort();
      }
    }
    return ssh.getPort();
  }

  /** The host key's SHA256 fingerprint, as {@code ssh-keygen -l} prints it. */
  public String hostKeyFingerprint() {
    return fingerprint;
  }

  @Override
  public void close() {
    try {
      ssh.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException("stopping the SFTP server", e);
    } finally {
      passwordChecks.close();
    }
    LOG.info("SFTP stopped");
  }

  private static void closeQuietly(SshServer ssh) {
    try {
      ssh.stop(true);
    } catch (IOException | RuntimeException e) {
      LOG.debug("stopping the SFTP server after a failed start", e);
    }
  }
}
