package io.dockerdns.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServedFileSystemsTest {

  @ParameterizedTest(name = "{0} (0x{1}) served: {2}")
  @CsvSource({
    "ext4, EF53, true",
    "xfs, 58465342, true",
    "btrfs, 9123683E, true",
    "overlay, 794C7630, true",
    "tmpfs, 01021994, true",
    "nfs, 6969, true",
    "fuse, 65735546, true",
    "proc, 9FA0, false",
    "sysfs, 62656572, false",
    "debugfs, 64626720, false",
    "tracefs, 74726163, false",
    "securityfs, 73636673, false",
    "cgroup2, 63677270, false",
    "bpf, CAFE4A11, false",
    "devpts, 1CD1, false",
    "efivarfs, DE5E81E4, false",
  })
  void only_file_systems_that_hold_files_are_served(String name, String hex, boolean served) {
    long type = Long.parseLong(hex, 16);

    assertThat(ServedFileSystems.served(type)).isEqualTo(served);
    assertThat(ServedFileSystems.name(type)).isEqualTo(name.equals("ext4") ? "ext2/3/4" : name);
  }

  @Test
  void an_unknown_file_system_is_refused_and_named_by_its_number() {
    assertThat(ServedFileSystems.served(0x12345678L)).isFalse();
    assertThat(ServedFileSystems.refusal(0x12345678L))
        .startsWith("on a file system of unknown type 0x12345678, which SFTP does not serve");
  }

  @Test
  void a_magic_number_sign_extended_by_the_kernel_is_the_same_file_system() {
    int cifs = 0xFF534D42;
    int bpf = 0xCAFE4A11;

    assertThat(ServedFileSystems.served(cifs)).isTrue();
    assertThat(ServedFileSystems.served(bpf)).isFalse();
  }
}
