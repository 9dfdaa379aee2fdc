package io.dockerdns.sftp;

import java.nio.charset.Charset;

/**
 * Which file names SFTP shows and serves. A container chooses its file names; one with a newline or
 * another control character would reach a client's {@code ls -l} output verbatim and could forge
 * lines there, so such names are neither listed nor reachable.
 */
final class FileNames {

  /** Names as Java itself passes them to the kernel. */
  static final Charset ENCODING = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  /** The longest name a Linux file system holds, in bytes (NAME_MAX). */
  static final int MAX_BYTES = 255;

  private FileNames() {}

  /** Whether a name is longer than any file's can be: nothing has it. */
  static boolean tooLong(String name) {
    return name.length() > MAX_BYTES / 4 && name.getBytes(ENCODING).length > MAX_BYTES;
  }

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
