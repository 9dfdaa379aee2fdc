package io.dockerdns.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyTest {

  @TempDir Path temp;

  @Test
  void a_new_key_file_is_owner_only_from_the_start_in_an_owner_only_directory() throws IOException {
    Path file = temp.resolve("keys/host_key");

    HostKey made = HostKey.loadOrCreate(file);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.readString(file)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    assertThat(HostKey.loadOrCreate(file).fingerprint()).isEqualTo(made.fingerprint());
  }

  @Test
  void an_existing_key_file_is_kept_as_it_is() throws IOException {
    Path file = temp.resolve("host_key");
    String fingerprint = HostKey.loadOrCreate(file).fingerprint();
    String content = Files.readString(file);

    assertThat(HostKey.loadOrCreate(file).fingerprint()).isEqualTo(fingerprint);
    assertThat(Files.readString(file)).isEqualTo(content);
  }
}
