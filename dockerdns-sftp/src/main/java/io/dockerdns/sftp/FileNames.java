package io.dockerdns.sftp;

/**
 * Which file names SFTP shows and serves. A container chooses its file names; one with a newline or
 * another control character would reach a client's {@code ls -l} output verbatim and could forge
 * lines there, so such names are neither listed nor reachable.
 */
final class FileNames {

  private FileNames() {}

  /** Whether a name holds no control character (C0, DEL or C1) and no slash. */
  static boolean listable(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '/') {
        return false;
      }
    }
    return true;
  }
}
