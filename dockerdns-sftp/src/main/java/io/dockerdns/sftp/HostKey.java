package io.dockerdns.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The server's host key: made on first start, kept in an OpenSSH private key file readable only by
 * its owner, so clients see the same fingerprint after a restart.
 */
final class HostKey {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

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
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        create(file);
      }
      SimpleGeneratorHostKeyProvider loader = new SimpleGeneratorHostKeyProvider(file);
      loader.setOverwriteAllowed(false);
      List<KeyPair> loaded = loader.loadKeys(null);
      if (loaded.isEmpty()) {
        throw new IOException("no key in the file");
      }
      return new HostKey(loaded.get(0));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new SftpStartException(
          "SFTP cannot read or make its host key " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes a new key in a new file that is mode 0600 from the call that creates it: there is no
   * moment when another user could open it (a later chmod would leave one).
   */
  private static void create(Path file) throws IOException, GeneralSecurityException {
    KeyPair keys = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    try (OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY)))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keys, "dockerdns host key", null, out);
    }
  }

  KeyPairProvider provider() {
    return KeyPairProvider.wrap(keys);
  }

  String fingerprint() {
    return KeyUtils.getFingerPrint(keys.getPublic());
  }
}
