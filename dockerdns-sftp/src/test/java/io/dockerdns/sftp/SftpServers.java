package io.dockerdns.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.OpenSsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * What the SFTP integration tests log in to: a registry following the real engine, the OpenSSH
 * client with a key the servers accept, and two servers on free loopback ports, one read-only and
 * one writable.
 */
final class SftpServers implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(15);

  final DockerDns registry;
  final OpenSsh openSsh;
  final Path key;
  final SftpServerConfig readOnlyConfig;
  final SftpServer readOnly;
  final SftpServer writable;

  private SftpServers(
      DockerDns registry,
      OpenSsh openSsh,
      Path key,
      SftpServerConfig readOnlyConfig,
      SftpServer readOnly,
      SftpServer writable) {
    this.registry = registry;
    this.openSsh = openSsh;
    this.key = key;
    this.readOnlyConfig = readOnlyConfig;
    this.readOnly = readOnly;
    this.writable = writable;
  }

  static SftpServers start(Path temp) throws Exception {
    OpenSsh openSsh = new OpenSsh(Files.createDirectories(temp.resolve("client")));
    Path key = openSsh.newKey("user_key");
    Path authorized = temp.resolve("authorized_keys");
    Files.writeString(authorized, OpenSsh.publicKey(key) + "\n", UTF_8);
    DockerDns registry =
        DockerDns.create(EngineSettings.forUrl(DockerFixture.engineUrl()), NamingConfig.DEFAULT);
    registry.start();
    if (!registry.awaitSync(WAIT)) {
      registry.close();
      throw new IllegalStateException("the registry did not sync with the engine in " + WAIT);
    }
    SftpServerConfig config =
        SftpServerConfig.defaults()
            .withBind(IpAddresses.require("127.0.0.1", "loopback"), 0)
            .withHostKey(temp.resolve("keys/host_key"))
            .withAuthorizedKeys(authorized, Optional.empty());
    SftpServer readOnly = SftpServer.start(config, registry.resolver(), registry::snapshot);
    SftpServer writable =
        SftpServer.start(config.withWritable(true), registry.resolver(), registry::snapshot);
    return new SftpServers(registry, openSsh, key, config, readOnly, writable);
  }

  /** A test's body with an SFTP session open. */
  interface Session {
    void run(SftpClient sftp) throws Exception;
  }

  /** Raw SFTP requests through MINA's client: what OpenSSH's client will not send, or sessions. */
  void withSftp(SftpServer server, String user, Session body) throws Exception {
    try (SshClient client = SshClient.setUpDefaultClient()) {
      client.start();
      try (ClientSession session =
          client.connect(user, "127.0.0.1", server.port()).verify(WAIT).getSession()) {
        session.addPublicKeyIdentity(new FileKeyPairProvider(key).loadKeys(null).iterator().next());
        session.auth().verify(WAIT);
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
          body.run(sftp);
        }
      }
    }
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : new AutoCloseable[] {readOnly, writable, registry}) {
      try {
        closeable.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
