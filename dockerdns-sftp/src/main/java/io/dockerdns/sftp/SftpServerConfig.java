package io.dockerdns.sftp;

import io.dockerdns.core.model.IpAddresses;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the SFTP server listens and who may log in.
 *
 * @param bindAddress the address to listen on (default 127.0.0.1)
 * @param port the port, 0 for any free one (default 10022)
 * @param hostKey the server's private key file, made on first start (default {@code
 *     ~/.dockerdns/sftp_host_key})
 * @param authorizedKeys public keys that may log in as any container (default {@code
 *     ~/.ssh/authorized_keys}; a missing file allows no key)
 * @param perContainerKeys a directory whose file {@code NAME} lists the keys that may log in as
 *     container {@code NAME} only, in authorized_keys format
 * @param passwordHash when present, this password (and only it) is accepted too
 * @param writable whether writes are allowed on mounts the container may write
 */
public record SftpServerConfig(
    InetAddress bindAddress,
    int port,
    Path hostKey,
    Path authorizedKeys,
    Optional<Path> perContainerKeys,
    Optional<PasswordHash> passwordHash,
    boolean writable) {

  public static final int DEFAULT_PORT = 10022;

  public SftpServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(hostKey, "hostKey");
    Objects.requireNonNull(authorizedKeys, "authorizedKeys");
    Objects.requireNonNull(perContainerKeys, "perContainerKeys");
    Objects.requireNonNull(passwordHash, "passwordHash");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("SFTP port " + port + " is outside 0-65535");
    }
  }

  /** The defaults: 127.0.0.1:10022, keys from the running user's home, read-only. */
  public static SftpServerConfig defaults() {
    Path home = Path.of(System.getProperty("user.home"));
    return new SftpServerConfig(
        IpAddresses.require("127.0.0.1", "bind address"),
        DEFAULT_PORT,
        home.resolve(".dockerdns").resolve("sftp_host_key"),
        home.resolve(".ssh").resolve("authorized_keys"),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  public SftpServerConfig withBind(InetAddress address, int port) {
    return new SftpServerConfig(
        address, port, hostKey, authorizedKeys, perContainerKeys, passwordHash, writable);
  }

  public SftpServerConfig withHostKey(Path file) {
    return new SftpServerConfig(
        bindAddress, port, file, authorizedKeys, perContainerKeys, passwordHash, writable);
  }

  public SftpServerConfig withAuthorizedKeys(Path file, Optional<Path> perContainerDirectory) {
    return new SftpServerConfig(
        bindAddress, port, hostKey, file, perContainerDirectory, passwordHash, writable);
  }

  public SftpServerConfig withPasswordHash(Optional<PasswordHash> hash) {
    return new SftpServerConfig(
        bindAddress, port, hostKey, authorizedKeys, perContainerKeys, hash, writable);
  }

  public SftpServerConfig withWritable(boolean writes) {
    return new SftpServerConfig(
        bindAddress, port, hostKey, authorizedKeys, perContainerKeys, passwordHash, writes);
  }
}
