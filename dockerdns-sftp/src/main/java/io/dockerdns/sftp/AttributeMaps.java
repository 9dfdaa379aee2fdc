package io.dockerdns.sftp;

import java.nio.file.attribute.PosixFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code Files.readAttributes(path, "posix:*")} for our own attribute records. */
final class AttributeMaps {

  private AttributeMaps() {}

  /**
   * The attributes named by {@code request} ({@code [view:]name,name} or {@code [view:]*}).
   *
   * @throws UnsupportedOperationException for a view other than basic and posix
   * @throws IllegalArgumentException for an attribute the view does not have
   */
  static Map<String, Object> select(String request, PosixFileAttributes attributes) {
    int colon = request.indexOf(':');
    String view = colon < 0 ? "basic" : request.substring(0, colon);
    String names = colon < 0 ? request : request.substring(colon + 1);
    if (!view.equals("basic") && !view.equals("posix")) {
      throw new UnsupportedOperationException("attribute view '" + view + "' is not supported");
    }
    Map<String, Object> all = all(attributes, view.equals("posix"));
    if (names.equals("*")) {
      return all;
    }
    Map<String, Object> selected = new LinkedHashMap<>();
    for (String name : names.split(",", -1)) {
      if (name.equals("*")) {
        selected.putAll(all);
      } else if (all.containsKey(name)) {
        selected.put(name, all.get(name));
      } else {
        throw new IllegalArgumentException("'" + name + "' is not a " + view + " attribute");
      }
    }
    return selected;
  }

  private static Map<String, Object> all(PosixFileAttributes attributes, boolean posix) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("lastModifiedTime", attributes.lastModifiedTime());
    map.put("lastAccessTime", attributes.lastAccessTime());
    map.put("creationTime", attributes.creationTime());
    map.put("size", attributes.size());
    map.put("isRegularFile", attributes.isRegularFile());
    map.put("isDirectory", attributes.isDirectory());
    map.put("isSymbolicLink", attributes.isSymbolicLink());
    map.put("isOther", attributes.isOther());
    map.put("fileKey", attributes.fileKey());
    if (posix) {
      map.put("permissions", attributes.permissions());
      map.put("owner", attributes.owner());
      map.put("group", attributes.group());
    }
    return map;
  }
}
