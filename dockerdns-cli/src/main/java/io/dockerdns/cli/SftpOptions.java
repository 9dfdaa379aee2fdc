package io.dockerdns.cli;

import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.sftp.PasswordHash;
import io.dockerdns.sftp.SftpServerConfig;
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
  SftpServerConfig config(EngineOptions settings) {
    SftpServerConfig defaults = SftpServerConfig.defaults();
    String bindText = settings.setting("--sftp-bind", bind, "sftp.bind", String.class, "127.0.0.1");
    int portNumber =
        settings.validPort(
            "--sftp-port",
            settings.setting(
                "--sftp-port", port, "sftp.port", Integer.class, SftpServerConfig.DEFAULT_PORT));
    Path key =
        settings.setting(
            "--sftp-host-key", hostKey, "sftp.host_key", Path.class, defaults.hostKey());
    Path keys =
        settings.setting(
            "--sftp-authorized-keys",
            authorizedKeys,
            "sftp.authorized_keys",
            Path.class,
            defaults.authorizedKeys());
    Path perContainer =
        settings.setting("--sftp-keys-dir", keysDir, "sftp.keys_dir", Path.class, null);
    String hash =
        settings.setting(
            "--sftp-password-hash", passwordHash, "sftp.password_hash", String.class, null);
    settings.hide("--sftp-password-hash");
    boolean writes =
        settings.setting("--[no-]sftp-writable", writable, "sftp.writable", Boolean.class, false);
    Optional<PasswordHash> password;
    try {
      password = Optional.ofNullable(hash).map(PasswordHash::parse);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--sftp-password-hash: " + e.getMessage(), e);
    }
    return defaults
        .withBind(IpAddresses.require(bindText, "--sftp-bind"), portNumber)
        .withHostKey(key)
        .withAuthorizedKeys(keys, Optional.ofNullable(perContainer))
        .withPasswordHash(password)
        .withWritable(writes);
  }
}
