package io.dockerdns.cli;

import io.dockerdns.sftp.SftpServerConfig;
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
  String port;

  @Option(
      names = "--sftp-host-key",
      paramLabel = "FILE",
      description =
          "The server's private key, made on first start, mode 0600 (config: sftp.host_key;"
              + " default: ~/.dockerdns/sftp_host_key).")
  String hostKey;

  @Option(
      names = "--sftp-authorized-keys",
      paramLabel = "FILE",
      description =
          "Public keys that may log in as any container (config: sftp.authorized_keys; default:"
              + " ~/.ssh/authorized_keys).")
  String authorizedKeys;

  @Option(
      names = "--sftp-keys-dir",
      paramLabel = "DIR",
      description =
          "Directory of per-container key files: DIR/NAME lists the keys that may log in as"
              + " container NAME only (config: sftp.keys_dir).")
  String keysDir;

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
  SftpServerConfig config(SharedOptions shared) {
    Choices c = shared.choices();
    return SftpServerConfig.defaults()
        .withBind(c.value(Settings.SFTP_BIND, bind), c.value(Settings.SFTP_PORT, port))
        .withHostKey(c.value(Settings.SFTP_HOST_KEY, hostKey))
        .withAuthorizedKeys(
            c.value(Settings.SFTP_AUTHORIZED_KEYS, authorizedKeys),
            Optional.ofNullable(c.value(Settings.SFTP_KEYS_DIR, keysDir)))
        .withPasswordHash(Optional.ofNullable(c.value(Settings.SFTP_PASSWORD_HASH, passwordHash)))
        .withWritable(c.given(Settings.SFTP_WRITABLE, writable));
  }
}
