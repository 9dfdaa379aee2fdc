package io.dockerdns.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import io.dockerdns.core.testing.OpenSsh;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container with the host's kernel file systems mounted, as monitoring agents run: {@code /proc}
 * and {@code /sys}, read-only and read-write, a tracefs of the test's own, and the host's {@code /}
 * (whose {@code proc} and {@code sys} come along, bind mounts being recursive). Inside the
 * container its own root cannot read another process's memory there; SFTP, acting as host root,
 * could. Now nothing on such a file system is listed, read, written or described, and the volumes
 * beside them (on the host's disk and on tmpfs) work as before.
 */
class SftpHostFileSystemsIT {

  @RegisterExtension static final DockerFixture docker = DockerFixture.sharedByClass();

  @TempDir static Path temp;

  private static SftpServers servers;
  private static Path tracefs;
  private static Path shm;
  private static String name;

  @BeforeAll
  static void start() throws Exception {
    servers = SftpServers.start(temp);
    tracefs = Files.createDirectories(temp.resolve("tracefs"));
    run("mount", "-t", "tracefs", "nodev", tracefs.toString());
    shm =
        Files.createDirectories(
            Path.of("/dev/shm", DockerFixture.PREFIX + "sftp-" + ProcessHandle.current().pid()));
    Files.writeString(shm.resolve("on-tmpfs.txt"), "tmpfs file\n", UTF_8);
    Path disk = Files.createDirectories(temp.resolve("disk"));
    Files.writeString(disk.resolve("on-disk.txt"), "disk file\n", UTF_8);
    name = docker.name("hostfs");
    docker.run(
        "hostfs",
        "-v",
        "/proc:/hostproc:ro",
        "-v",
        "/proc:/hostproc-rw",
        "-v",
        "/sys:/hostsys",
        "-v",
        tracefs + ":/tracing",
        "-v",
        "/:/host:ro",
        "-v",
        shm + ":/shm",
        "-v",
        disk + ":/disk");
    Eventually.until(
        SftpServers.WAIT,
        name + " listed",
        () -> servers.registry.snapshot().byName(name).isPresent());
  }

  @AfterAll
  static void stop() throws Exception {
    if (servers != null) {
      servers.close();
    }
    docker.cleanUp(); // the container holds the tracefs mount busy
    if (tracefs != null) {
      run("umount", tracefs.toString());
    }
    if (shm != null) {
      try (var files = Files.list(shm)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(shm);
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  /** Refused as the container's root would be, with the file system named. */
  private static void assertRefused(ThrowingCallable request, String fileSystem) {
    assertThatThrownBy(request)
        .isInstanceOfSatisfying(
            SftpException.class,
            e -> {
              assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
              assertThat(e.getMessage())
                  .contains("on a " + fileSystem + " file system, which SFTP does not serve");
            });
  }

  private static String read(SftpClient sftp, String path) throws IOException {
    try (InputStream in = sftp.read(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(UTF_8);
    }
  }

  private static void write(SftpClient sftp, String path, String text) throws IOException {
    try (OutputStream out = sftp.write(path)) {
      out.write(text.getBytes(UTF_8));
    }
  }

  private static List<String> names(SftpClient sftp, String path) throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (SftpClient.DirEntry entry : sftp.readDir(path)) {
        names.add(entry.getFilename());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause(); // MINA's listing wraps the server's refusal
    }
    return names;
  }

  @Test
  void the_hosts_proc_cannot_be_listed_read_or_described() throws Exception {
    servers.withSftp(
        servers.readOnly,
        name,
        sftp -> {
          assertRefused(() -> sftp.stat("/hostproc"), "proc");
          assertRefused(() -> names(sftp, "/hostproc"), "proc");
          assertRefused(() -> read(sftp, "/hostproc/kallsyms"), "proc");
          assertRefused(() -> read(sftp, "/hostproc/1/environ"), "proc");
          assertRefused(() -> sftp.stat("/hostproc/1/mem"), "proc");
          assertRefused(() -> read(sftp, "/host/proc/kallsyms"), "proc");
          assertRefused(() -> sftp.stat("/host/proc"), "proc");
        });
  }

  @Test
  void a_writable_proc_mount_takes_no_write_even_on_a_writable_server() throws Exception {
    servers.withSftp(
        servers.writable,
        name,
        sftp -> {
          // The server's own command name, which a missing check would let a client rename.
          assertRefused(() -> write(sftp, "/hostproc-rw/self/comm", "renamed"), "proc");
          assertRefused(() -> write(sftp, "/hostproc-rw/planted.txt", "planted"), "proc");
          assertRefused(() -> sftp.mkdir("/hostproc-rw/planted"), "proc");
          assertRefused(() -> sftp.remove("/hostproc-rw/self/comm"), "proc");
          assertRefused(() -> write(sftp, "/hostsys/kernel/uevent_helper", ""), "sysfs");
        });
    assertThat(Files.readString(Path.of("/proc/self/comm"), UTF_8)).doesNotContain("renamed");
  }

  @Test
  void sysfs_and_tracefs_are_refused_too() throws Exception {
    servers.withSftp(
        servers.writable,
        name,
        sftp -> {
          assertRefused(() -> sftp.stat("/hostsys"), "sysfs");
          assertRefused(() -> names(sftp, "/hostsys/kernel"), "sysfs");
          assertRefused(() -> sftp.stat("/tracing"), "tracefs");
          assertRefused(() -> read(sftp, "/tracing/trace"), "tracefs");
          assertRefused(() -> write(sftp, "/tracing/trace_marker", "hello"), "tracefs");
        });
  }

  @Test
  void listings_leave_out_what_is_not_served_and_the_volumes_beside_it_work() throws Exception {
    servers.withSftp(
        servers.writable,
        name,
        sftp -> {
          assertThat(names(sftp, "/"))
              .contains("host", "shm", "disk")
              .doesNotContain("hostproc", "hostproc-rw", "hostsys", "tracing");
          assertThat(names(sftp, "/host")).contains("etc", "tmp").doesNotContain("proc", "sys");

          assertThat(read(sftp, "/shm/on-tmpfs.txt")).isEqualTo("tmpfs file\n");
          assertThat(read(sftp, "/disk/on-disk.txt")).isEqualTo("disk file\n");
          write(sftp, "/shm/put.txt", "put on tmpfs\n");
          write(sftp, "/disk/put.txt", "put on disk\n");
          assertThat(sftp.stat("/shm/put.txt").getSize()).isEqualTo(13);
        });
    assertThat(Files.readString(shm.resolve("put.txt"), UTF_8)).isEqualTo("put on tmpfs\n");
    assertThat(Files.readString(temp.resolve("disk/put.txt"), UTF_8)).isEqualTo("put on disk\n");
  }

  @Test
  void the_openssh_client_gets_nothing_from_proc() throws Exception {
    Path local = temp.resolve("kallsyms");
    OpenSsh.Result result =
        servers.openSsh.sftp(
            servers.readOnly.port(),
            name,
            servers.key,
            "ls -1 /",
            "-get /hostproc/kallsyms " + local,
            "-get /host/proc/self/environ " + local);

    assertThat(result.listed()).containsExactly("/disk", "/host", "/shm");
    assertThat(local).doesNotExist();
  }
}
