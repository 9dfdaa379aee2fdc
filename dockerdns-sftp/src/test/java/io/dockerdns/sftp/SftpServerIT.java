package io.dockerdns.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import io.dockerdns.core.testing.OpenSsh;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SFTP server against real containers on the real engine, driven by the OpenSSH {@code sftp}
 * client in batch mode (MINA's client where OpenSSH cannot be scripted: passwords, sessions held
 * open across a container stop).
 */
class SftpServerIT {

  private static final Duration WAIT = SftpServers.WAIT;

  @RegisterExtension static final DockerFixture docker = DockerFixture.sharedByClass();

  @TempDir static Path temp;

  private static SftpServers servers;
  private static DockerDns registry;
  private static OpenSsh openSsh;
  private static Path key;
  private static Path otherKey;
  private static Path shared;
  private static String web;
  private static SftpServer readOnly;
  private static SftpServer writable;
  private static SftpServerConfig readOnlyConfig;

  @BeforeAll
  static void start() throws Exception {
    servers = SftpServers.start(temp);
    registry = servers.registry;
    openSsh = servers.openSsh;
    key = servers.key;
    readOnlyConfig = servers.readOnlyConfig;
    readOnly = servers.readOnly;
    writable = servers.writable;
    otherKey = openSsh.newKey("stranger_key");

    shared = Files.createDirectories(temp.resolve("shared"));
    Files.writeString(shared.resolve("hello.txt"), "hello from the host\n", UTF_8);
    Path config = Files.createDirectories(temp.resolve("config"));
    Files.writeString(config.resolve("app.conf"), "answer = 42\n", UTF_8);
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "host secret\n", UTF_8);
    String sql = docker.volume("sql");
    String archive = docker.volume("archive");
    web = docker.name("web");
    docker.run(
        "web",
        "--hostname",
        "webhost",
        "-v",
        shared + ":/shared",
        "-v",
        config + ":/config:ro",
        "-v",
        sql + ":/var/log/sql",
        "-v",
        archive + ":/var/log/sql/archive");
    // What a hostile container can do to the volumes it owns.
    docker.docker(
        "exec",
        web,
        "sh",
        "-c",
        "echo sql log > /var/log/sql/db.log"
            + " && echo old > /var/log/sql/archive/old.log"
            + " && ln -s / /shared/root"
            + " && ln -s ../../../../../../../.. /shared/up"
            + " && ln -s /etc/passwd /shared/passwd"
            + " && ln -s "
            + outside
            + "/secret /shared/host-secret"
            + " && ln -s /shared/hello.txt /shared/hello-link"
            + " && ln -s /shared/nothing /shared/dangling"
            + " && ln -s loop /shared/loop");
    Eventually.until(WAIT, web + " listed", () -> registry.snapshot().byName(web).isPresent());
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  private static Path localFile(String name, String content) throws IOException {
    return Files.writeString(temp.resolve(name), content, UTF_8);
  }

  private static OpenSsh.Result sftp(SftpServer server, String... commands) throws IOException {
    return openSsh.sftp(server.port(), web, key, commands);
  }

  @Test
  void the_root_is_made_of_the_mount_destinations() throws IOException {
    OpenSsh.Result result =
        sftp(readOnly, "ls -1 /", "ls -1 /var", "ls -1 /var/log", "ls -1 /var/log/sql");

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.out())
        .contains("/config\n", "/shared\n", "/var\n", "/var/log\n", "/var/log/sql\n")
        .contains("/var/log/sql/archive\n", "/var/log/sql/db.log\n")
        .doesNotContain("/etc", "/bin", "/proc");
  }

  @Test
  void listings_show_real_sizes_and_permissions() throws IOException {
    Files.setPosixFilePermissions(
        shared.resolve("hello.txt"), PosixFilePermissions.fromString("rw-r-----"));

    OpenSsh.Result result = sftp(readOnly, "ls -l /shared/hello.txt");

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.out()).containsPattern("-rw-r-----\\s+\\? \\d+\\s+\\d+\\s+20 .*hello.txt");
  }

  @Test
  void gets_files_from_bind_mounts_and_named_volumes() throws IOException {
    Path local = Files.createDirectories(temp.resolve("got"));

    OpenSsh.Result result =
        sftp(
            readOnly,
            "get /shared/hello.txt " + local.resolve("hello.txt"),
            "get /shared/hello-link " + local.resolve("hello-link"),
            "get /config/app.conf " + local.resolve("app.conf"),
            "get /var/log/sql/db.log " + local.resolve("db.log"),
            "get /var/log/sql/archive/old.log " + local.resolve("old.log"));

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(local.resolve("hello.txt")).hasContent("hello from the host");
    assertThat(local.resolve("hello-link")).hasContent("hello from the host");
    assertThat(local.resolve("app.conf")).hasContent("answer = 42");
    assertThat(local.resolve("db.log")).hasContent("sql log");
    assertThat(local.resolve("old.log")).hasContent("old");
  }

  @Test
  void the_container_hostname_logs_in_too() throws IOException {
    OpenSsh.Result result = openSsh.sftp(readOnly.port(), "webhost", key, "ls -1 /shared");

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.out()).contains("/shared/hello.txt");
  }

  @Test
  void large_and_many_file_transfers_arrive_intact() throws Exception {
    Path outgoing = Files.createDirectories(temp.resolve("bulk-out/bulk"));
    Random random = new Random(42);
    byte[] large = new byte[48 << 20];
    random.nextBytes(large);
    Files.write(outgoing.resolve("large.bin"), large);
    for (int i = 0; i < 300; i++) {
      byte[] small = new byte[random.nextInt(5000)];
      random.nextBytes(small);
      Files.write(outgoing.resolve("small-" + i + ".bin"), small);
    }
    Path incoming = Files.createDirectories(temp.resolve("bulk-in"));

    OpenSsh.Result result =
        sftp(writable, "put -r " + outgoing + " /shared/", "get -r /shared/bulk " + incoming);

    try {
      assertThat(result.exitCode()).as(result.all()).isZero();
      Map<String, String> sent = checksums(outgoing);
      assertThat(sent).hasSize(301);
      assertThat(checksums(shared.resolve("bulk"))).as("on the host").isEqualTo(sent);
      assertThat(checksums(incoming.resolve("bulk"))).as("downloaded").isEqualTo(sent);
    } finally {
      docker.docker("exec", web, "rm", "-r", "/shared/bulk");
    }
  }

  private static Map<String, String> checksums(Path directory) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sums.put(
            file.getFileName().toString(),
            HexFormat.of().formatHex(sha256.digest(Files.readAllBytes(file))));
      }
    }
    return sums;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "put /etc/hostname /shared/new.txt",
        "rm /shared/hello.txt",
        "rename /shared/hello.txt /shared/renamed.txt",
        "mkdir /shared/dir",
        "rmdir /var/log/sql/archive",
        "chmod 777 /shared/hello.txt",
        "symlink /shared/hello.txt /shared/link",
        "mkdir /newdir",
      })
  void read_only_by_default(String command) throws IOException {
    List<String> before = List.of(shared.toFile().list());

    OpenSsh.Result result = sftp(readOnly, command);

    assertThat(result.exitCode()).as(result.all()).isNotZero();
    assertThat(result.err()).containsIgnoringCase("permission denied");
    assertThat(shared.resolve("hello.txt")).hasContent("hello from the host");
    assertThat(shared.toFile().list()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void writable_mode_writes_on_read_write_mounts_only() throws IOException {
    Path upload = localFile("upload.txt", "uploaded\n");

    OpenSsh.Result written =
        sftp(
            writable,
            "mkdir /shared/made",
            "put " + upload + " /shared/made/upload.txt",
            "rename /shared/made/upload.txt /shared/made/renamed.txt",
            "put " + upload + " /var/log/sql/upload.txt",
            "rm /var/log/sql/upload.txt");
    OpenSsh.Result readOnlyMount = sftp(writable, "put " + upload + " /config/upload.txt");
    OpenSsh.Result link = sftp(writable, "symlink /shared/hello.txt /shared/link");

    assertThat(written.exitCode()).as(written.all()).isZero();
    assertThat(shared.resolve("made/renamed.txt")).hasContent("uploaded");
    assertThat(docker.docker("exec", web, "cat", "/shared/made/renamed.txt")).isEqualTo("uploaded");
    assertThat(docker.docker("exec", web, "ls", "/var/log/sql")).doesNotContain("upload.txt");
    assertThat(readOnlyMount.err()).containsIgnoringCase("permission denied");
    assertThat(temp.resolve("config/upload.txt")).doesNotExist();
    assertThat(link.err()).containsIgnoringCase("permission denied");
    docker.docker("exec", web, "rm", "-r", "/shared/made");
  }

  /**
   * Each escape is compared with its harmless twin: a path with a missing file, a planted link with
   * a link to a missing file in the mount. Same error, so nothing is learnt about the host.
   */
  @ParameterizedTest(name = "{0} like {1}")
  @CsvSource({
    "/../../etc/passwd, /no-such-file",
    "/etc/passwd, /no-such-file",
    "/shared/../../../etc/passwd, /shared/no-such-file",
    "/var/log/sql/../../../etc/passwd, /var/log/sql/no-such-file",
    "/shared/root/etc/passwd, /shared/no-such-dir/passwd",
    "/shared/up/etc/passwd, /shared/no-such-dir/passwd",
    "/shared/passwd, /shared/dangling",
    "/shared/host-secret, /shared/dangling",
    "/shared/loop, /shared/dangling",
  })
  void escapes_look_exactly_like_missing_files(String path, String twin) throws IOException {
    Path local = temp.resolve("escaped");
    Files.deleteIfExists(local);

    OpenSsh.Result escape = sftp(writable, "get " + path + " " + local);
    OpenSsh.Result missing = sftp(writable, "get " + twin + " " + local);

    assertThat(escape.exitCode()).isNotZero();
    assertThat(local).doesNotExist();
    assertThat(escape.err().replace(path, "PATH")).isEqualTo(missing.err().replace(twin, "PATH"));
  }

  /** At most the link itself is listed (as {@code ls} shows a link), never what is behind it. */
  @ParameterizedTest(name = "ls {0}")
  @ValueSource(
      strings = {"/shared/root/", "/shared/up/", "/shared/root/etc", "/etc", "/shared/loop/"})
  void listings_never_show_the_host(String path) throws IOException {
    OpenSsh.Result result = sftp(writable, "ls -1 " + path);

    assertThat(result.listed()).allMatch(path::equals);
    if (result.listed().isEmpty()) {
      assertThat(result.err()).contains("not found");
    }
  }

  @Test
  void writes_through_planted_links_never_reach_the_host() throws IOException {
    Path upload = localFile("payload.txt", "payload\n");

    OpenSsh.Result result =
        sftp(
            writable,
            "-put " + upload + " /shared/root" + temp + "/outside/planted",
            "-mkdir /shared/up" + temp + "/outside/planted-dir",
            "-rename /shared/hello-link /shared/root" + temp + "/outside/moved",
            "-rm /shared/host-secret");

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(temp.resolve("outside").toFile().list()).containsExactly("secret");
    assertThat(temp.resolve("outside/secret")).hasContent("host secret");
    docker.docker("exec", web, "ln", "-s", temp + "/outside/secret", "/shared/host-secret");
  }

  @Test
  void a_directory_swapped_for_a_link_in_a_loop_never_leaks_the_host() throws Exception {
    docker.docker(
        "exec",
        web,
        "sh",
        "-c",
        "mkdir -p /shared/race/d/etc && echo volume passwd > /shared/race/d/etc/passwd"
            + " && ln -s / /shared/race/l");
    docker.docker(
        "exec",
        "-d",
        web,
        "sh",
        "-c",
        "cd /shared/race && while [ ! -e stop ]; do" + " mv d t; mv l d; mv d l; mv t d; done");
    Path local = Files.createDirectories(temp.resolve("race"));
    List<String> gets = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      gets.add("-get /shared/race/d/etc/passwd " + local.resolve("passwd-" + i));
    }
    String[] copies = {};
    try {
      // Some reads must find the directory in place, or the race was never run through the
      // server; on a busy machine the swapping loop can win all 300 of a batch, so up to five.
      for (int batch = 0; batch < 5 && copies.length == 0; batch++) {
        OpenSsh.Result result = sftp(readOnly, gets.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.all()).isZero();
        copies = local.toFile().list();
      }
    } finally {
      docker.docker(
          "exec", web, "sh", "-c", "touch /shared/race/stop; sleep 1; rm -rf /shared/race");
    }

    assertThat(copies).as("reads that found the directory in place").isNotEmpty();
    for (String copy : copies) {
      assertThat(local.resolve(copy)).hasContent("volume passwd");
    }
  }

  @Test
  void wrong_key_no_key_and_unknown_container_are_refused_alike() throws IOException {
    OpenSsh.Result wrongKey = openSsh.sftp(readOnly.port(), web, otherKey, "ls /");
    OpenSsh.Result noKey = openSsh.sftp(readOnly.port(), web, null, "ls /");
    OpenSsh.Result unknown = openSsh.sftp(readOnly.port(), "no-such-container", key, "ls /");

    for (OpenSsh.Result refused : List.of(wrongKey, noKey, unknown)) {
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err()).contains("Permission denied");
    }
    assertThat(unknown.err().replace("no-such-container", "USER"))
        .isEqualTo(wrongKey.err().replace(web, "USER"));
  }

  @Test
  void exec_shell_and_forwarding_are_refused_saying_sftp_only() throws IOException {
    OpenSsh.Result exec = openSsh.ssh(readOnly.port(), web, key, "cat", "/etc/passwd");
    OpenSsh.Result shell = openSsh.ssh(readOnly.port(), web, key);
    OpenSsh.Result forward =
        openSsh.ssh(
            readOnly.port(),
            web,
            key,
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "127.0.0.1:0:127.0.0.1:9");

    assertThat(exec.exitCode()).isEqualTo(1);
    assertThat(exec.out()).doesNotContain("root:");
    assertThat(exec.err()).contains(SftpOnly.MESSAGE.strip());
    assertThat(shell.exitCode()).isEqualTo(1);
    assertThat(shell.err()).contains(SftpOnly.MESSAGE.strip());
    assertThat(forward.exitCode()).isNotZero();
    assertThat(forward.err()).contains("forwarding failed");
  }

  @Test
  void passwords_are_refused_unless_a_hash_is_configured() throws Exception {
    try (SftpServer withPassword = withPassword("correct horse")) {
      // Each from an address of its own: a wrong one makes its address wait before the next.
      assertThat(passwordLogin(readOnly.port(), web, "correct horse", "127.0.0.1")).isFalse();
      assertThat(passwordLogin(withPassword.port(), web, "correct horse", "127.0.0.2")).isTrue();
      assertThat(passwordLogin(withPassword.port(), web, "wrong horse", "127.0.0.3")).isFalse();
      assertThat(
              passwordLogin(withPassword.port(), "no-such-container", "correct horse", "127.0.0.4"))
          .isFalse();
    }
  }

  @Test
  void after_a_wrong_password_its_address_waits_before_the_next_is_checked() throws Exception {
    try (SftpServer withPassword = withPassword("correct horse")) {
      assertThat(passwordLogin(withPassword.port(), web, "wrong horse", "127.0.0.5")).isFalse();

      assertThat(passwordLogin(withPassword.port(), web, "correct horse", "127.0.0.5"))
          .as("at once, from the same address")
          .isFalse();
      assertThat(passwordLogin(withPassword.port(), web, "correct horse", "127.0.0.6"))
          .as("from another address")
          .isTrue();
      Thread.sleep(PasswordChecks.FIRST_PAUSE.toMillis());
      assertThat(passwordLogin(withPassword.port(), web, "correct horse", "127.0.0.5"))
          .as("once the pause is over")
          .isTrue();
    }
  }

  /**
   * The flood that held two cores and made a key login fail: 20 clients, each from an address of
   * its own (so per-address pauses alone would not help), guessing passwords for 15 s. Password
   * checks run one at a time off MINA's threads, so key logins keep their usual speed.
   */
  @Test
  void a_password_flood_does_not_hold_up_key_logins() throws Exception {
    try (SftpServer withPassword = withPassword("correct horse");
        SshClient guessing = SshClient.setUpDefaultClient()) {
      guessing.start();
      AtomicBoolean flooding = new AtomicBoolean(true);
      AtomicInteger guesses = new AtomicInteger();
      List<Thread> guessers = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        String from = "127.0.1." + i;
        Thread guesser =
            new Thread(
                () -> {
                  while (flooding.get()) {
                    try {
                      passwordLogin(guessing, withPassword.port(), web, "guess", from);
                      guesses.incrementAndGet();
                    } catch (Exception e) {
                      // a connection the server dropped: guess again
                    }
                  }
                });
        guesser.start();
        guessers.add(guesser);
      }
      List<Duration> keyLogins = new ArrayList<>();
      try {
        for (int round = 0; round < 3; round++) {
          Thread.sleep(4000);
          long started = System.nanoTime();
          OpenSsh.Result result = openSsh.sftp(withPassword.port(), web, key, "ls -1 /");
          keyLogins.add(Duration.ofNanos(System.nanoTime() - started));
          assertThat(result.exitCode()).as("key login %d: %s", round, result.err()).isZero();
        }
        Thread.sleep(3000);
      } finally {
        flooding.set(false);
        for (Thread guesser : guessers) {
          guesser.join();
        }
      }

      assertThat(guesses.get()).as("the flood ran").isGreaterThan(100);
      assertThat(keyLogins).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(2)));
    }
  }

  @Test
  void a_connection_gets_a_limited_number_of_attempts() throws Exception {
    try (SftpServer withPassword = withPassword("correct horse");
        SshClient client = SshClient.setUpDefaultClient()) {
      client.start();
      try (ClientSession session =
          client.connect(web, "127.0.0.1", withPassword.port()).verify(WAIT).getSession()) {
        // MINA's client gives up after the last guess and keeps the connection; only a server
        // that counts hangs up.
        for (int i = 0; i < 20; i++) {
          session.addPasswordIdentity("guess-" + i);
        }
        session.auth().await(WAIT);

        assertThat(session.isAuthenticated()).isFalse();
        Eventually.until(WAIT, "the server hangs up", session::isClosed);
      }
    }
  }

  @Test
  void a_container_recreated_with_other_mounts_shows_them_on_the_next_login() throws Exception {
    Path first = Files.createDirectories(temp.resolve("first"));
    Path second = Files.createDirectories(temp.resolve("second"));
    String name = docker.name("again");
    docker.run("again", "-v", first + ":/first");
    Eventually.until(WAIT, name + " listed", () -> registry.snapshot().byName(name).isPresent());
    OpenSsh.Result before = openSsh.sftp(readOnly.port(), name, key, "ls -1 /");

    docker.docker("rm", "-f", name);
    docker.run("again", "-v", second + ":/second");
    Eventually.until(
        WAIT,
        name + " listed again",
        () ->
            registry
                .snapshot()
                .byName(name)
                .map(
                    c ->
                        c.mounts().size() == 1 && c.mounts().get(0).destination().equals("/second"))
                .orElse(false));
    OpenSsh.Result after = openSsh.sftp(readOnly.port(), name, key, "ls -1 /");

    assertThat(before.listed()).containsExactly("/first");
    assertThat(after.listed()).containsExactly("/second");
  }

  @Test
  void a_name_longer_than_any_file_can_have_is_no_such_file() throws Exception {
    String longName = "/shared/" + "x".repeat(300);
    servers.withSftp(
        readOnly,
        web,
        sftp ->
            assertThatThrownBy(() -> sftp.stat(longName))
                .isInstanceOfSatisfying(
                    SftpException.class,
                    e -> {
                      assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE);
                      assertThat(e.getMessage()).contains("a name longer than 255 bytes");
                    }));
  }

  /** Whether a password login from the loopback address {@code from} succeeds. */
  /** A read-only server that also lets a login in with {@code password}. */
  private static SftpServer withPassword(String password) {
    PasswordHash hash = PasswordHash.of(password.toCharArray());
    return SftpServer.start(
        readOnlyConfig.withPasswordHash(Optional.of(hash)),
        registry.resolver(),
        registry::snapshot);
  }

  private static boolean passwordLogin(int port, String user, String password, String from)
      throws Exception {
    try (SshClient client = SshClient.setUpDefaultClient()) {
      client.start();
      return passwordLogin(client, port, user, password, from);
    }
  }

  private static boolean passwordLogin(
      SshClient client, int port, String user, String password, String from) throws Exception {
    try (ClientSession session =
        client
            .connect(
                user,
                new InetSocketAddress(IpAddresses.require("127.0.0.1", "server"), port),
                new InetSocketAddress(IpAddresses.require(from, "client"), 0))
            .verify(WAIT)
            .getSession()) {
      session.addPasswordIdentity(password);
      return session.auth().await(WAIT) && session.isAuthenticated();
    }
  }

  @Test
  void the_host_key_is_kept_across_restarts() throws IOException {
    Path keyFile = temp.resolve("keys/restart_key");
    SftpServerConfig config = readOnlyConfig.withHostKey(keyFile);
    String first;
    try (SftpServer server = SftpServer.start(config, registry.resolver(), registry::snapshot)) {
      first = openSsh.keyscan(server.port()).out();
    }
    String second;
    try (SftpServer server = SftpServer.start(config, registry.resolver(), registry::snapshot)) {
      second = openSsh.keyscan(server.port()).out();
    }

    assertThat(first).contains(" ecdsa-sha2-nistp");
    assertThat(second.replaceAll(":\\d+", "")).isEqualTo(first.replaceAll(":\\d+", ""));
    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(keyFile, UTF_8)).startsWith("-----BEGIN ");
  }

  @Test
  void a_session_of_a_stopped_container_fails_cleanly_and_others_go_on() throws Exception {
    String shortLived = docker.name("short");
    docker.run("short", "-v", shared + ":/data");
    Eventually.until(
        WAIT, shortLived + " listed", () -> registry.snapshot().byName(shortLived).isPresent());
    servers.withSftp(
        readOnly,
        shortLived,
        sftp -> {
          assertThat(sftp.stat("/data/hello.txt").getSize()).isEqualTo(20);

          docker.docker("stop", "-t", "0", shortLived);
          Eventually.until(
              WAIT, shortLived + " gone", () -> registry.snapshot().byName(shortLived).isEmpty());

          assertThatThrownBy(() -> sftp.stat("/data/hello.txt"))
              .isInstanceOfSatisfying(
                  SftpException.class,
                  e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_NO_SUCH_FILE));
        });
    assertThat(sftp(readOnly, "ls /shared").exitCode()).isZero();
  }
}
