package io.dockerdns.cli;

import io.dockerdns.sftp.PasswordHash;
import io.dockerdns.sftp.SftpServerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code run}'s SFTP options; each also settable in the config file's {@code sftp} object. */
final class SftpOptions {

  @Option(names = "--sftp", description = "Serve SFTP: log in as a container, see its volumes.")
  boolean enabled;

  @Option(
      names = "--sftp-bind",
      paramLabel = "ADDRESS",
      description = "Address SFTP listens on (config: sftp.bind; default: 127.0.0.1).")
  String bind;

  @Option(
      names = "--sftp-port",
      paramLabel = "PORT",
      description = "Port SFTP listens on (config: sftp.port; default: 10022).")
  Integer port;

  @Option(
      names = "--sftp-host-key",
      paramLabel = "FILE",
      description =
          "The server's private key, made on first start, mode 0600 (config: sftp.host_key;"
              + " default: ~/.dockerdns/sftp_host_key).")
  Path hostKey;

  @Option(
      names = "--sftp-authorized-keys",
      paramLabel = "FILE",
      description =
          "Public keys that may log in as any container (config: sftp.authorized_keys; default:"
              + " ~/.ssh/authorized_keys).")
  Path authorizedKeys;

  @Option(
      names = "--sftp-keys-dir",
      paramLabel = "DIR",
      description =
          "Directory of per-container key files: DIR/NAME lists the keys that may log in as"
              + " container NAME only (config: sftp.keys_dir).")
  Path keysDir;

  @Option(
      names = "--sftp-password-hash",
      paramLabel = "HASH",
      description =
          "Also accept the password with this hash, from `dockerdns hash-password` (config:"
              + " sftp.password_hash; default: no password login).")
  String passwordHash;

  @Option(
      names = "--sftp-writable",
      negatable = true,
      description =
          "Allow writes on mounts the container may write; :ro mounts stay read-only (config:"
              + " sftp.writable; default: read-only).")
  Boolean writable;

  /** The server's configuration: command line, else config file, else defaults. */
  SftpServerConfig config(SharedOptions settings) {
    SftpServerConfig defaults = SftpServerConfig.defaults();
    FileSettings.Sftp file = settings.fileSettings().sftpOrEmpty();
    InetAddress address =
        settings.bindAddress("--sftp-bind", bind, file.bindAddress(), defaults.bindAddress());
    int portNumber =
        settings.validPort(
            "--sftp-port", settings.setting("--sftp-port", port, file.port(), defaults.port()));
    Path key = settings.setting("--sftp-host-key", hostKey, file.hostKeyPath(), defaults.hostKey());
    Path keys =
        settings.setting(
            "--sftp-authorized-keys",
            authorizedKeys,
            file.authorizedKeysPath(),
            defaults.authorizedKeys());
    Path perContainer =
        settings.setting(
            "--sftp-keys-dir",
            keysDir,
            file.keysDirPath(),
            defaults.perContainerKeys().orElse(null));
    String hash = settings.setting("--sftp-password-hash", passwordHash, file.passwordHash(), null);
    settings.hide("--sftp-password-hash");
    boolean writes =
        settings.setting("--[no-]sftp-writable", writable, file.writable(), defaults.writable());
    Optional<PasswordHash> password;
    try {
      password = Optional.ofNullable(hash).map(PasswordHash::parse);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--sftp-password-hash: " + e.getMessage(), e);
    }
    return defaults
        .withBind(address, portNumber)
        .withHostKey(key)
        .withAuthorizedKeys(keys, Optional.ofNullable(perContainer))
        .withPasswordHash(password)
        .withWritable(writes);
  }
}
