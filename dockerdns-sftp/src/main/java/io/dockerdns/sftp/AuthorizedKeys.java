package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public keys from OpenSSH authorized_keys files, read at each login so edits apply at once. A line
 * that cannot be read is skipped with a warning naming the file and line; the others still work.
 * Options that only restrict what we never allow ({@code restrict}, {@code no-pty}, ...) are
 * accepted; a line with any other option (such as {@code from=}) is skipped, since honouring it
 * only partly would let in what its writer meant to keep out.
 */
final class AuthorizedKeys {

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizedKeys.class);
  private static final Set<String> HARMLESS_OPTIONS =
      Set.of(
          "restrict",
          "no-pty",
          "no-port-forwarding",
          "no-agent-forwarding",
          "no-X11-forwarding",
          "no-user-rc",
          "no-touch-required");

  private AuthorizedKeys() {}

  /** Whether {@code key} is listed in {@code file}; a missing file lists none. */
  static boolean lists(Path file, PublicKey key) {
    for (PublicKey listed : read(file)) {
      if (KeyUtils.compareKeys(listed, key)) {
        return true;
      }
    }
    return false;
  }

  static List<PublicKey> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warn("cannot read authorized keys {}: {}", file, e.getMessage());
      return List.of();
    }
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
        Map<String, String> options = entry.getLoginOptions();
        if (!HARMLESS_OPTIONS.containsAll(options.keySet())) {
          LOG.warn(
              "{} line {}: skipped, options {} are not supported", file, i + 1, options.keySet());
          continue;
        }
        keys.add(entry.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING));
      } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
        LOG.warn("{} line {}: skipped, not a public key: {}", file, i + 1, e.getMessage());
      }
    }
    return keys;
  }
}
