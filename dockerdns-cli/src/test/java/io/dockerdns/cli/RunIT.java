package io.dockerdns.cli;

import static io.dockerdns.cli.LoopbackClients.addressOf;
import static io.dockerdns.cli.LoopbackClients.ask;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.cli.Launches.Running;
import io.dockerdns.core.testing.Curl;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import io.dockerdns.core.testing.OpenSsh;
import io.dockerdns.sftp.PasswordHash;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;

/** {@code dockerdns run} as a process: it serves, logs where, and stops cleanly on SIGTERM. */
class RunIT {

  private static final Pattern CONSOLE =
      Pattern.compile("console listening on http://\\S+:(\\d+)/");
  private static final Pattern SFTP = Pattern.compile("SFTP listening on \\S+ port (\\d+)");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path temp;

  @RegisterExtension final DockerFixture docker = new DockerFixture();
  @RegisterExtension final Launches launches = new Launches();

  @Test
  void serves_dns_for_a_new_container_and_exits_0_on_sigterm() throws Exception {
    Running run = launches.startDns("run", "--dns-port", "0");
    String ip = ipOf(docker.run("served"));

    Eventually.within(
        WAIT,
        () -> assertThat(addressOf(run.port(), docker.name("served") + ".docker.")).isEqualTo(ip));

    run.process().destroy(); // SIGTERM
    assertThat(run.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(run.process().exitValue()).isZero();
    assertThat(run.log()).contains("DNS stopped");
  }

  @Test
  void serves_dns_and_the_console_together_from_one_registry() throws Exception {
    Running run =
        launches.startDns("run", "--dns", "--dns-port", "0", "--console", "--console-port", "0");
    Matcher console = CONSOLE.matcher("");
    Eventually.until(WAIT, "the console line", () -> console.reset(run.log()).find());
    String base = "http://127.0.0.1:" + console.group(1);
    String ip = ipOf(docker.run("both"));

    Eventually.within(
        WAIT,
        () -> assertThat(addressOf(run.port(), docker.name("both") + ".docker.")).isEqualTo(ip));
    Eventually.within(
        WAIT,
        () ->
            assertThat(Curl.get(base + "/name/" + docker.name("both")).body())
                .contains(docker.docker("inspect", "--format", "{{.Id}}", docker.name("both"))));
    assertThat(Curl.get(base + "/metrics").body())
        .containsPattern("dockerdns_dns_queries_total\\{rcode=\"NOERROR\",type=\"A\"\\} [1-9]");
  }

  @Test
  void serves_dns_sftp_and_the_console_together_logging_one_line_each() throws Exception {
    OpenSsh ssh = new OpenSsh(temp);
    Path key = ssh.newKey("key");
    Path authorized = temp.resolve("authorized_keys");
    Files.writeString(authorized, OpenSsh.publicKey(key) + "\n", StandardCharsets.UTF_8);
    String id = docker.run("all", "-v", docker.volume("all-data") + ":/data");
    docker.docker("exec", id, "sh", "-c", "echo from the volume > /data/note.txt");

    Running run =
        launches.startDns(
            "run",
            "--dns",
            "--dns-port",
            "0",
            "--sftp",
            "--sftp-port",
            "0",
            "--sftp-host-key",
            temp.resolve("host_key").toString(),
            "--sftp-authorized-keys",
            authorized.toString(),
            "--console",
            "--console-port",
            "0");
    Matcher sftp = SFTP.matcher("");
    Eventually.until(WAIT, "the SFTP line", () -> sftp.reset(run.log()).find());
    Eventually.until(WAIT, "the console line", () -> CONSOLE.matcher(run.log()).find());
    Eventually.within(
        WAIT,
        () ->
            assertThat(addressOf(run.port(), docker.name("all") + ".docker.")).isEqualTo(ipOf(id)));
    Path got = temp.resolve("note.txt");
    OpenSsh.Result result =
        ssh.sftp(
            Integer.parseInt(sftp.group(1)), docker.name("all"), key, "get /data/note.txt " + got);

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(got).hasContent("from the volume");
    OpenSsh.Result command =
        ssh.ssh(Integer.parseInt(sftp.group(1)), docker.name("all"), key, "cat", "/etc/passwd");
    assertThat(command.exitCode()).as(command.all()).isEqualTo(1);
    assertThat(command.err()).contains("dockerdns serves SFTP only: use sftp");
    assertThat(run.log())
        .as("a refused command is no problem of the server's")
        .doesNotContain(" WARN ");
    assertThat(run.log().lines().filter(l -> l.contains(" listening on ")))
        .hasSize(3)
        .anyMatch(l -> l.contains("DNS listening on 127.0.0.1 port " + run.port()))
        .anyMatch(l -> l.contains("SFTP listening on 127.0.0.1 port " + sftp.group(1)))
        .anyMatch(l -> l.contains("console listening on http://127.0.0.1:"));
  }

  @Test
  void one_part_failing_to_start_stops_the_others_and_exits_2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process run =
          launches.process(
              "run",
              "--dns",
              "--dns-port",
              "0",
              "--sftp",
              "--sftp-port",
              Integer.toString(taken.getLocalPort()),
              "--sftp-host-key",
              temp.resolve("host_key").toString());

      String log = logOfFailed(run);
      assertThat(oneLineErrors(log))
          .containsExactly(
              "dockerdns: SFTP cannot listen on 127.0.0.1 port "
                  + taken.getLocalPort()
                  + ": the port is already in use by another program");
      assertThat(log).contains("DNS stopped");
    }
  }

  @Test
  void a_taken_console_port_is_one_line_and_no_framework_error() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Process run =
          launches.process(
              "run", "--dns-port", "0", "--console-port", Integer.toString(taken.getLocalPort()));

      String log = logOfFailed(run);
      assertThat(oneLineErrors(log))
          .containsExactly(
              "dockerdns: the console cannot listen on 127.0.0.1 port "
                  + taken.getLocalPort()
                  + ": the port is already in use by another program");
      assertThat(log).doesNotContain("ERROR").doesNotContain("Javalin");
    }
  }

  @Test
  void hash_password_reads_standard_input_and_prints_a_usable_hash() throws Exception {
    Process hash =
        new ProcessBuilder(RunnableJar.command("hash-password"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    hash.getOutputStream().write("correct horse\n".getBytes(StandardCharsets.UTF_8));
    hash.getOutputStream().close();
    String out = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

    assertThat(hash.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(hash.exitValue()).isZero();
    assertThat(out).matches("pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
    assertThat(PasswordHash.parse(out).matches("correct horse".toCharArray())).isTrue();
  }

  @Test
  void keeps_serving_without_an_engine_and_says_so() throws Exception {
    Running run =
        launches.startDns("run", "--dns-port", "0", "--docker-url", "unix:///nonexistent.sock");

    Eventually.until(
        WAIT, "the log to explain", () -> run.log().contains("SERVFAIL until the first sync"));
    assertThat(run.log()).contains("unix:///nonexistent.sock");
    assertThat(ask(run.port(), "web.docker.").getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(run.process().isAlive()).isTrue();
  }

  @Test
  void a_taken_port_exits_2_with_one_line() throws Exception {
    Running first = launches.startDns("run", "--dns-port", "0", "--dns-protocols", "udp");
    Process second =
        launches.process(
            "run", "--dns-port", Integer.toString(first.port()), "--dns-protocols", "udp");

    assertThat(oneLineErrors(logOfFailed(second)))
        .containsExactly(
            "dockerdns: DNS cannot listen on 127.0.0.1 port "
                + first.port()
                + "/udp: the port is already in use by another program");
  }

  @Test
  void a_low_port_without_privileges_exits_2_with_the_hint() throws Exception {
    // As root, drop to nobody for this one process; as anyone else, the port is denied already.
    List<String> unprivileged =
        System.getProperty("user.name").equals("root")
            ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
            : List.of();
    Process run =
        launches.process(unprivileged, "run", "--dns-port", "53", "--dns-protocols", "udp");

    assertThat(logOfFailed(run).strip())
        .isEqualTo(
            "dockerdns: DNS cannot listen on 127.0.0.1 port 53/udp: permission denied: ports"
                + " below 1024 need root or CAP_NET_BIND_SERVICE; use --dns-port 5300 (or another"
                + " port above 1023)");
  }

  /** Waits for a launch that must fail: exit 2 within 20 s. Returns what it wrote. */
  private String logOfFailed(Process process) throws Exception {
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(Main.ERROR);
    return RunnableJar.read(launches.lastLogFile());
  }

  /** The one-line errors a launch printed ({@code dockerdns: ...}). */
  private static List<String> oneLineErrors(String log) {
    return log.lines().filter(l -> l.startsWith("dockerdns: ")).toList();
  }

  private String ipOf(String id) {
    return docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
  }
}
