package io.dockerdns.dns.forward;

import io.dockerdns.core.model.IpAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The system's upstream servers, as {@code --forward system} takes them: the {@code nameserver}
 * lines of {@code /etc/resolv.conf}. When that file lists only systemd-resolved's stub
 * (127.0.0.53), the servers are those of {@code /run/systemd/resolve/resolv.conf}, which lists what
 * the stub forwards to. A server that is this process itself is left out: asking it would loop.
 */
public final class SystemResolvers {

  /** The default resolver configuration. */
  public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  /** Where systemd-resolved lists the servers behind its stub. */
  public static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");

  private static final InetAddress SYSTEMD_STUB = IpAddresses.require("127.0.0.53", "stub");
  private static final InetAddress SYSTEMD_STUB_EDNS = IpAddresses.require("127.0.0.54", "stub");

  private static final Pattern WORDS = Pattern.compile("\\s+");

  private SystemResolvers() {}

  /**
   * The servers to forward to.
   *
   * @param resolvConf the configuration read first
   * @param systemdResolvConf read instead when the first lists only systemd-resolved's stub
   * @param isSelf true for an address this process answers on (skipped)
   * @throws IllegalArgumentException saying which file gave no usable server, and why
   */
  public static List<Upstream> read(
      Path resolvConf, Path systemdResolvConf, Predicate<Upstream> isSelf) {
    List<InetAddress> listed = nameservers(resolvConf);
    Path from = resolvConf;
    if (!listed.isEmpty() && listed.stream().allMatch(SystemResolvers::isSystemdStub)) {
      listed = nameservers(systemdResolvConf);
      from = systemdResolvConf;
    }
    List<Upstream> servers = new ArrayList<>();
    List<Upstream> skipped = new ArrayList<>();
    for (InetAddress address : listed) {
      Upstream server = Upstream.of(address, Upstream.DNS_PORT);
      (isSelf.test(server) ? skipped : servers).add(server);
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException(
          from
              + (skipped.isEmpty()
                  ? " lists no nameserver"
                  : " lists only this server itself (" + skipped + ")")
              + ": name the upstreams instead");
    }
    return List.copyOf(servers);
  }

  /** The addresses of a file's {@code nameserver} lines, in order; IPv6 zone ids dropped. */
  static List<InetAddress> nameservers(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          file + " does not exist: name another file, or the upstreams instead", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (String line : lines) {
      List<String> words = Arrays.asList(WORDS.split(line.trim()));
      if (words.size() >= 2 && words.get(0).equals("nameserver")) {
        String text = words.get(1);
        int zone = text.indexOf('%');
        Optional<InetAddress> address =
            IpAddresses.parse(zone < 0 ? text : text.substring(0, zone));
        address.ifPresent(addresses::add);
      }
    }
    return addresses;
  }

  private static boolean isSystemdStub(InetAddress address) {
    return address.equals(SYSTEMD_STUB) || address.equals(SYSTEMD_STUB_EDNS);
  }
}
