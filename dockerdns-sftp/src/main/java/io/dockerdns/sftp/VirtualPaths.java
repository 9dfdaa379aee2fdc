package io.dockerdns.sftp;

import java.util.ArrayList;
import java.util.List;

/** Splitting and normalising the slash-separated paths SFTP clients send. */
final class VirtualPaths {

  private VirtualPaths() {}

  /**
   * The names of an absolute path after removing empty names and {@code .}, and applying {@code ..}
   * lexically; {@code ..} at the root stays at the root, as on any Unix system.
   */
  static List<String> names(String path) {
    List<String> names = new ArrayList<>();
    for (String name : path.split("/", -1)) {
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!names.isEmpty()) {
          names.remove(names.size() - 1);
        }
        continue;
      }
      names.add(name);
    }
    return List.copyOf(names);
  }
}
