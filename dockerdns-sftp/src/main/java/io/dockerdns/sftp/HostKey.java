package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The server's host key: made on first start, kept in an OpenSSH private key file readable only by
 * its owner, so clients see the same fingerprint after a restart.
 */
final class HostKey {

  private final KeyPair keys;

  private HostKey(KeyPair keys) {
    this.keys = keys;
  }

  static HostKey loadOrCreate(Path file) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      if (directory != null && !Files.isDirectory(directory)) {
        Files.createDirectories(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      SimpleGeneratorHostKeyProvider generator = new SimpleGeneratorHostKeyProvider(file);
      generator.setOverwriteAllowed(false);
      List<KeyPair> loaded = generator.loadKeys(null);
      if (loaded.isEmpty()) {
        throw new IOException("no key in the file");
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return new HostKey(loaded.get(0));
    } catch (IOException | RuntimeException e) {
      throw new SftpStartException(
          "SFTP cannot read or make its host key " + file + ": " + e.getMessage(), e);
    }
  }

  KeyPairProvider provider() {
    return KeyPairProvider.wrap(keys);
  }

  String fingerprint() {
    return KeyUtils.getFingerPrint(keys.getPublic());
  }
}
