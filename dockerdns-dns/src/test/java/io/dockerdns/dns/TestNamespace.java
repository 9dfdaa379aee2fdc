package io.dockerdns.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, joined to this one by a veth pair: a client with a
 * non-loopback address ({@code 10.254.N.2}) that reaches this host at {@code 10.254.N.1}, and
 * nothing else. Removed on close, with its veth pair.
 */
final class TestNamespace implements AutoCloseable {

  private final String name;
  private final String hostLink;
  private final String hostAddress;
  private final String clientAddress;

  private TestNamespace(String name, String hostLink, int subnet) {
    this.name = name;
    this.hostLink = hostLink;
    this.hostAddress = "10.254." + subnet + ".1";
    this.clientAddress = "10.254." + subnet + ".2";
  }

  static TestNamespace create() {
    int n = ThreadLocalRandom.current().nextInt(1, 250);
    String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    TestNamespace ns = new TestNamespace("ddtest-ns-" + tag, "ddt" + tag + "h", n);
    String peer = "ddt" + tag + "n";
    try {
      ns.ip("netns", "add", ns.name);
      ns.ip("link", "add", ns.hostLink, "type", "veth", "peer", "name", peer);
      ns.ip("link", "set", peer, "netns", ns.name);
      ns.ip("addr", "add", ns.hostAddress + "/30", "dev", ns.hostLink);
      ns.ip("link", "set", ns.hostLink, "up");
      ns.ip("netns", "exec", ns.name, "ip", "addr", "add", ns.clientAddress + "/30", "dev", peer);
      ns.ip("netns", "exec", ns.name, "ip", "link", "set", peer, "up");
      ns.ip("netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
      return ns;
    } catch (AssertionError e) {
      ns.close();
      throw e;
    }
  }

  /** The host's address on the pair: where a server for this client listens. */
  String hostAddress() {
    return hostAddress;
  }

  /** The client's address, as the server sees it. */
  String clientAddress() {
    return clientAddress;
  }

  /** The prefix that runs a command inside the namespace. */
  List<String> exec() {
    return List.of("ip", "netns", "exec", name);
  }

  private void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + " failed (network namespaces need root): " + out);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run ip (iproute2): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    for (String[] cleanup :
        List.of(new String[] {"netns", "del", name}, new String[] {"link", "del", hostLink})) {
      try {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(cleanup));
        new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        // nothing to remove
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
