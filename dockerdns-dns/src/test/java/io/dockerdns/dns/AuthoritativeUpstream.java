package io.dockerdns.dns;

import io.dockerdns.core.testing.Dnsmasq;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real upstream for forwarding tests: Debian's dnsmasq on a loopback port, authoritative for one
 * zone (NXDOMAIN and no-data answers carry the zone's SOA, TTL 300), logging every query it gets.
 * It can be paused (SIGSTOP: it holds its port and answers nothing, as a hung server) and stopped.
 */
final class AuthoritativeUpstream implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private AuthoritativeUpstream(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Serves {@code zone}; each record is {@code NAME,ADDRESS} as dnsmasq's {@code --host-record}
   * takes it.
   */
  static AuthoritativeUpstream serving(String zone, String... hostRecords) throws Exception {
    int port = freePort();
    Path log = Files.createTempFile("ddtest-dnsmasq", ".log");
    List<String> command = Dnsmasq.onLoopback(port);
    command.addAll(
        List.of(
            "--log-queries",
            "--log-facility=" + log,
            "--auth-server=ns." + zone + ",lo",
            "--auth-zone=" + zone,
            "--auth-ttl=300"));
    for (String record : hostRecords) {
      command.add("--host-record=" + record);
    }
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run dnsmasq (" + e.getMessage() + "); ./test.sh installs dnsmasq-base", e);
    }
    AuthoritativeUpstream upstream = new AuthoritativeUpstream(process, port, log);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!upstream.logText().contains("started")) {
      if (!process.isAlive() || System.nanoTime() > until) {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        upstream.close();
        throw new AssertionError("dnsmasq did not start: " + out + upstream.logText());
      }
      Thread.sleep(20);
    }
    return upstream;
  }

  int port() {
    return port;
  }

  /** {@code 127.0.0.1:PORT}, as {@code --forward} takes it. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** Queries for {@code name} (any type) that reached this server. */
  long queriesFor(String name) {
    Pattern asked = Pattern.compile("(auth|query)\\[[A-Z0-9]+\\] " + Pattern.quote(name) + " from");
    return logText().lines().filter(l -> asked.matcher(l).find()).count();
  }

  /** Every query line logged. */
  List<String> queries() {
    return logText().lines().filter(l -> l.matches(".*(auth|query)\\[.*")).toList();
  }

  /** Holds the port and answers nothing, as a hung server does. */
  void pause() throws IOException {
    signal("STOP");
  }

  void resume() throws IOException {
    signal("CONT");
  }

  private void signal(String name) throws IOException {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    signal("CONT");
    try {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }

  /** A port free for both UDP and TCP on loopback. */
  static int freePort() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          DatagramSocket udp =
              new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
        return udp.getLocalPort();
      } catch (IOException e) {
        if (attempt > 20) {
          throw e;
        }
      }
    }
  }
}
