package io.dockerdns.dns.forward;

import io.dockerdns.core.model.IpAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's upstream servers, as {@code --forward system} takes them: the {@code nameserver}
 * lines of {@code /etc/resolv.conf}. When that file lists only systemd-resolved's stub
 * (127.0.0.53), the servers are those of {@code /run/systemd/resolve/resolv.conf}, which lists what
 * the stub forwards to. A server that is this process itself is left out: asking it would loop.
 *
 * <p>The servers found are remembered in a file of the same form. Making dockerdns the machine's
 * resolver means writing {@code nameserver 127.0.0.1} into {@code /etc/resolv.conf} once it runs;
 * from then on that file lists only dockerdns itself, and the remembered servers are the upstreams.
 */
public final class SystemResolvers {

  /** The default resolver configuration. */
  public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  /** Where systemd-resolved lists the servers behind its stub. */
  public static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");

  private static final InetAddress SYSTEMD_STUB = IpAddresses.require("127.0.0.53", "stub");
  private static final InetAddress SYSTEMD_STUB_EDNS = IpAddresses.require("127.0.0.54", "stub");

  private static final Pattern WORDS = Pattern.compile("\\s+");

  private static final Logger LOG = LoggerFactory.getLogger(SystemResolvers.class);

  private SystemResolvers() {}

  /**
   * The servers to forward to; when found, they are remembered in {@code remembered} (a failure to
   * write it is logged, not fatal).
   *
   * @param resolvConf the configuration read first
   * @param systemdResolvConf read instead when the first lists only systemd-resolved's stub
   * @param remembered where the servers found are kept, and read when the configuration lists only
   *     this server itself
   * @param isSelf true for an address this process answers on (skipped)
   * @throws IllegalArgumentException saying which file gave no usable server, and why
   */
  public static List<Upstream> read(
      Path resolvConf, Path systemdResolvConf, Path remembered, Predicate<Upstream> isSelf) {
    List<InetAddress> listed = nameservers(resolvConf);
    Path from = resolvConf;
    if (!listed.isEmpty() && listed.stream().allMatch(SystemResolvers::isSystemdStub)) {
      listed = nameservers(systemdResolvConf);
      from = systemdResolvConf;
    }
    Split split = Split.of(listed, isSelf);
    if (!split.servers().isEmpty()) {
      remember(split.servers(), from, remembered);
      return split.servers();
    }
    if (split.self().isEmpty()) {
      throw new IllegalArgumentException(from + " lists no nameserver: name the upstreams instead");
    }
    String onlySelf = from + " lists only this server itself (" + split.self() + ")";
    if (!Files.exists(remembered)) {
      throw new IllegalArgumentException(
          onlySelf
              + ", and no earlier start remembered the upstreams in "
              + remembered
              + ": name the upstreams instead");
    }
    List<Upstream> servers = Split.of(nameservers(remembered), isSelf).servers();
    if (servers.isEmpty()) {
      throw new IllegalArgumentException(
          onlySelf + ", and " + remembered + " lists none other: name the upstreams instead");
    }
    LOG.info("{}: forwarding to the upstreams remembered in {}: {}", onlySelf, remembered, servers);
    return servers;
  }

  /** Nameservers split into those to ask and those that are this server itself. */
  private record Split(List<Upstream> servers, List<Upstream> self) {
    static Split of(List<InetAddress> listed, Predicate<Upstream> isSelf) {
      List<Upstream> servers = new ArrayList<>();
      List<Upstream> self = new ArrayList<>();
      for (InetAddress address : listed) {
        Upstream server = Upstream.of(address, Upstream.DNS_PORT);
        (isSelf.test(server) ? self : servers).add(server);
      }
      return new Split(List.copyOf(servers), List.copyOf(self));
    }
  }

  /**
   * Writes {@code servers} to {@code file} in resolv.conf's form, unless it lists them already;
   * whole or not at all (a temporary file moved into place).
   */
  private static void remember(List<Upstream> servers, Path from, Path file) {
    try {
      if (Files.exists(file) && Split.of(nameservers(file), u -> false).servers().equals(servers)) {
        return;
      }
      StringBuilder text =
          new StringBuilder("# dockerdns: the upstreams ")
              .append(from)
              .append(" listed at its last start that found any; read at a start when it lists")
              .append(" only dockerdns itself\n");
      servers.forEach(
          server -> text.append("nameserver ").append(server.ip().getHostAddress()).append('\n'));
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, ".upstreams", ".partial");
      try {
        Files.writeString(partial, text);
        Files.move(
            partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn(
          "could not remember the upstreams in {} ({}): a later start that finds only this server"
              + " in {} will need them named",
          file,
          e.getMessage(),
          from);
    }
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
