package io.dockerdns.sftp;

import java.util.Map;

/**
 * The kinds of file system SFTP serves files from: those that hold user data. Everything else is
 * refused, known or not: a container may mount the host's {@code /proc}, {@code /sys} or a debug
 * file system (monitoring agents do), and there host root's rights reach process memory, kernel
 * addresses and kernel tunables that the container's own root cannot touch. An allow-list fails
 * closed on a kind nobody thought of.
 *
 * <p>Decided by the {@code f_type} that {@code fstatfs(2)} gives for an open handle, so it is the
 * file system of the very file about to be used, never of a name that may have changed since.
 */
final class ServedFileSystems {

  /** Magic numbers from linux/magic.h and the file systems' own sources. */
  private static final Map<Long, String> SERVED =
      Map.ofEntries(
          Map.entry(0xEF53L, "ext2/3/4"),
          Map.entry(0x58465342L, "xfs"),
          Map.entry(0x9123683EL, "btrfs"),
          Map.entry(0x794C7630L, "overlay"),
          Map.entry(0x61756673L, "aufs"),
          Map.entry(0x01021994L, "tmpfs"),
          Map.entry(0x858458F6L, "ramfs"),
          Map.entry(0x2FC12FC1L, "zfs"),
          Map.entry(0xCA451A4EL, "bcachefs"),
          Map.entry(0xF2F52010L, "f2fs"),
          Map.entry(0x3153464AL, "jfs"),
          Map.entry(0x52654973L, "reiserfs"),
          Map.entry(0x01161970L, "gfs2"),
          Map.entry(0x7461636FL, "ocfs2"),
          Map.entry(0xE0F5E1E2L, "erofs"),
          Map.entry(0x73717368L, "squashfs"),
          Map.entry(0x9660L, "iso9660"),
          Map.entry(0x15013346L, "udf"),
          Map.entry(0x4D44L, "vfat"),
          Map.entry(0x2011BAB0L, "exfat"),
          Map.entry(0x5346544EL, "ntfs"),
          Map.entry(0x6969L, "nfs"),
          Map.entry(0xFF534D42L, "cifs"),
          Map.entry(0xFE534D42L, "smb2"),
          Map.entry(0x00C36400L, "ceph"),
          Map.entry(0x0BD00BD0L, "lustre"),
          Map.entry(0x65735546L, "fuse"),
          Map.entry(0x01021997L, "9p"));

  /** File systems known not to hold user data, named so that a refusal says which it met. */
  private static final Map<Long, String> KNOWN_OTHERS =
      Map.ofEntries(
          Map.entry(0x9FA0L, "proc"),
          Map.entry(0x62656572L, "sysfs"),
          Map.entry(0x64626720L, "debugfs"),
          Map.entry(0x74726163L, "tracefs"),
          Map.entry(0x73636673L, "securityfs"),
          Map.entry(0x27E0EBL, "cgroup"),
          Map.entry(0x63677270L, "cgroup2"),
          Map.entry(0xCAFE4A11L, "bpf"),
          Map.entry(0x62656570L, "configfs"),
          Map.entry(0x1CD1L, "devpts"),
          Map.entry(0x19800202L, "mqueue"),
          Map.entry(0xDE5E81E4L, "efivarfs"),
          Map.entry(0x6165676CL, "pstore"),
          Map.entry(0x42494E4DL, "binfmt_misc"),
          Map.entry(0x6E736673L, "nsfs"),
          Map.entry(0xF97CFF8CL, "selinuxfs"),
          Map.entry(0x65735543L, "fusectl"),
          Map.entry(0x958458F6L, "hugetlbfs"),
          Map.entry(0x50495045L, "pipefs"),
          Map.entry(0x534F434BL, "sockfs"),
          Map.entry(0x09041934L, "anon_inode_fs"));

  private ServedFileSystems() {}

  /** Whether files on a file system of this {@code f_type} are served. */
  static boolean served(long type) {
    return SERVED.containsKey(type & 0xFFFFFFFFL);
  }

  /** The file system's name, or "unknown type 0x..." when it is not a known one. */
  static String name(long type) {
    long magic = type & 0xFFFFFFFFL;
    String name = SERVED.getOrDefault(magic, KNOWN_OTHERS.get(magic));
    return name != null ? name : String.format("unknown type 0x%x", magic);
  }

  /** Why a file on a file system of this {@code f_type} is not served. */
  static String refusal(long type) {
    String name = name(type);
    String what =
        name.startsWith("unknown") ? "a file system of " + name : "a " + name + " file system";
    return "on "
        + what
        + ", which SFTP does not serve (only file systems that hold files: ext4, xfs, btrfs,"
        + " overlay, tmpfs, nfs, ...)";
  }
}
