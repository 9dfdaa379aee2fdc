package io.dockerdns.cli;

import static io.dockerdns.cli.ValueTypes.address;
import static io.dockerdns.cli.ValueTypes.bindInterface;
import static io.dockerdns.cli.ValueTypes.flag;
import static io.dockerdns.cli.ValueTypes.integer;
import static io.dockerdns.cli.ValueTypes.listOf;
import static io.dockerdns.cli.ValueTypes.mapped;
import static io.dockerdns.cli.ValueTypes.parsed;
import static io.dockerdns.cli.ValueTypes.path;
import static io.dockerdns.cli.ValueTypes.port;
import static io.dockerdns.cli.ValueTypes.secret;

import io.dockerdns.console.ConsoleConfig;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.docker.SwarmSource;
import io.dockerdns.core.match.AnswerMode;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.LabelDialect;
import io.dockerdns.core.model.StaticRecord;
import io.dockerdns.dns.DnsServerConfig;
import io.dockerdns.dns.Transport;
import io.dockerdns.dns.forward.AllowedClients;
import io.dockerdns.dns.forward.CacheSettings;
import io.dockerdns.dns.forward.ForwardZone;
import io.dockerdns.dns.forward.SystemResolvers;
import io.dockerdns.sftp.PasswordHash;
import io.dockerdns.sftp.SftpServerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The one table of settings: each with its option, its config key, the kind of value it takes and
 * its default from the configuration record of the part it configures. The config file is read
 * against it, {@code --print-config} and the reference documentation follow it, and the commands
 * ask it for typed values; nothing else lists the keys.
 */
final class Settings {

  private Settings() {}

  private static final DnsServerConfig DNS = DnsServerConfig.DEFAULT;
  private static final SftpServerConfig SFTP = SftpServerConfig.defaults();
  private static final CacheSettings CACHE = CacheSettings.DEFAULT;

  static final Setting<List<EngineAddress>> DOCKER_URL =
      new Setting<>(
          "--docker-url",
          "docker_url",
          listOf(
              EngineAddress.type(),
              "a URL such as \"unix:///var/run/docker.sock\", an object with \"url\" and"
                  + " \"cert_path\", or a list of them"),
          List.of());
  static final Setting<Path> DOCKER_CERT_PATH =
      new Setting<>("--docker-cert-path", "docker_cert_path", path(), null);
  static final Setting<Duration> DOCKER_TIMEOUT =
      new Setting<>(
          "--docker-timeout",
          "docker_timeout",
          mapped(
              integer(1, 3600),
              Duration::ofSeconds,
              d -> (int) d.toSeconds(),
              "a whole number of seconds from 1 to 3600"),
          EngineSettings.DEFAULT_REQUEST_TIMEOUT);

  static final Setting<Duration> SWARM_POLL =
      new Setting<>(
          "--swarm-poll",
          "swarm_poll",
          mapped(
              integer(0, 3600),
              Duration::ofSeconds,
              d -> (int) d.toSeconds(),
              "a whole number of seconds from 0 (follow no swarm) to 3600"),
          SwarmSource.DEFAULT_POLL);

  static final Setting<InetAddress> DNS_BIND =
      new Setting<>("--dns-bind", "bind_interface", bindInterface(), DNS.bindAddress());
  static final Setting<Integer> DNS_PORT =
      new Setting<>("--dns-port", "bind_port", port(), DNS.port());
  static final Setting<List<Transport>> DNS_PROTOCOLS =
      new Setting<>(
          "--dns-protocols",
          "bind_protocols",
          mapped(
              listOf(
                  parsed(
                      "\"udp\" or \"tcp\"",
                      text ->
                          Transport.parse(text.trim()).orElseThrow(IllegalArgumentException::new),
                      Transport::label)),
              Settings::atLeastOne,
              list -> list,
              "a list of \"udp\" and/or \"tcp\""),
          Arrays.stream(Transport.values()).filter(DNS.transports()::contains).toList());

  /** Empty: by the bind address (on off loopback, off on loopback). */
  static final Setting<OptionalInt> DNS_RATE_LIMIT =
      new Setting<>(
          "--dns-rate-limit",
          "rate_limit",
          new ValueTypes.OptionalNumber(integer(0, 1_000_000), "auto"),
          DNS.rateLimit());

  /** True: NXDOMAIN for a missing name; the file keeps the original's inverted key. */
  static final Setting<Boolean> NXDOMAIN =
      new Setting<>(
          "--[no-]nxdomain",
          "no_nxdomain",
          mapped(flag(), on -> !on, on -> !on, "true or false"),
          DNS.nxdomain());

  static final Setting<Boolean> AUTHORITATIVE =
      new Setting<>("--[no-]authoritative", "authoritative", flag(), DNS.authoritative());
  static final Setting<Boolean> LOG_QUERIES =
      new Setting<>("--[no-]log-queries", "log_queries", flag(), DNS.logQueries());
  static final Setting<List<String>> DOMAINS =
      new Setting<>(
          "--domain",
          "domain",
          listOf(ValueTypes.domain(), "a domain such as \"docker\", or a list of them"),
          NamingConfig.DEFAULT.domains());
  static final Setting<Integer> TTL =
      new Setting<>("--ttl", "ttl", integer(0, DnsServerConfig.MAX_TTL), DNS.ttl());
  static final Setting<InetAddress> HOST_ADDRESS =
      new Setting<>(
          "--host-address", "host_address", address(), NamingConfig.DEFAULT.hostAddress());

  /** True: a container with a health check answers only while it passes ("follow"). */
  static final Setting<Boolean> HEALTH =
      new Setting<>(
          "--health",
          "health",
          parsed(
              "\"follow\" or \"ignore\"",
              text ->
                  switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "follow" -> true;
                    case "ignore" -> false;
                    default -> throw new IllegalArgumentException();
                  },
              follow -> follow ? "follow" : "ignore"),
          NamingConfig.DEFAULT.followHealth());

  static final Setting<List<String>> NETWORKS =
      new Setting<>(
          "--network",
          "networks",
          mapped(
              listOf(parsed("network names", Settings::networkNames, n -> String.join(",", n))),
              lists -> lists.stream().flatMap(List::stream).toList(),
              List::of,
              "a network name, comma-separated names, or a list of them"),
          NamingConfig.DEFAULT.preferredNetworks());

  static final Setting<AnswerMode> ANSWER =
      new Setting<>(
          "--answer",
          "answer",
          parsed(
              "\"container\", \"published\", \"both\" or \"auto\"",
              text -> AnswerMode.parse(text).orElseThrow(IllegalArgumentException::new),
              AnswerMode::word),
          NamingConfig.DEFAULT.answer());
  static final Setting<List<LabelDialect>> COMPAT =
      new Setting<>(
          "--compat",
          "compat",
          mapped(
              listOf(
                  parsed(
                      LabelDialect.words() + ", comma-separated",
                      Settings::dialects,
                      d -> d.stream().map(LabelDialect::word).collect(Collectors.joining(",")))),
              lists -> lists.stream().flatMap(List::stream).distinct().toList(),
              List::of,
              LabelDialect.words() + " (comma-separated, or a list of them)"),
          List.of());
  static final Setting<List<String>> RECORDS =
      new Setting<>(
          "--record",
          "records",
          listOf(
              parsed(
                  "NAME=ADDRESS",
                  text -> {
                    var unused = StaticRecord.parse(text, NamingConfig.DEFAULT.domains(), "");
                    return text.trim();
                  })),
          List.of());
  static final Setting<List<Path>> HOSTS_FILES =
      new Setting<>("--hosts-file", "hosts_file", listOf(path()), List.of());
  static final Setting<Boolean> EXPOSE_BY_DEFAULT =
      new Setting<>(
          "--[no-]expose-by-default",
          "expose_by_default",
          flag(),
          NamingConfig.DEFAULT.exposeByDefault());

  static final Setting<List<ForwardTarget>> FORWARD =
      new Setting<>(
          "--forward",
          "forward",
          listOf(parsed("ADDRESS[:PORT] or \"system\"", ForwardTarget::parse)),
          List.of());
  static final Setting<List<ForwardZone>> FORWARD_ZONE =
      new Setting<>(
          "--forward-zone",
          "forward_zone",
          listOf(parsed("ZONE=ADDRESS[:PORT][,...]", ForwardZone::parse)),
          List.of());
  static final Setting<Path> RESOLV_CONF =
      new Setting<>("--resolv-conf", "resolv_conf", path(), SystemResolvers.RESOLV_CONF);
  static final Setting<Path> REMEMBER_UPSTREAMS =
      new Setting<>(
          "--remember-upstreams", "remember_upstreams", path(), rememberedUpstreamsDefault());
  static final Setting<List<String>> ALLOW_RECURSION =
      new Setting<>(
          "--allow-recursion",
          "allow_recursion",
          listOf(
              parsed(
                  "an address block, \"loopback\" or \"containers\"",
                  text -> {
                    var unused = AllowedClients.parse(List.of(text));
                    return text.trim();
                  })),
          List.of(AllowedClients.LOOPBACK, AllowedClients.CONTAINERS));

  static final Setting<Integer> CACHE_SIZE =
      new Setting<>("--cache-size", "cache.size", integer(0, 100_000_000), CACHE.size());
  static final Setting<Integer> CACHE_MIN_TTL =
      new Setting<>(
          "--cache-min-ttl", "cache.min_ttl", integer(0, CacheSettings.MAX_TTL), CACHE.minTtl());
  static final Setting<Integer> CACHE_MAX_TTL =
      new Setting<>(
          "--cache-max-ttl", "cache.max_ttl", integer(0, CacheSettings.MAX_TTL), CACHE.maxTtl());
  static final Setting<Boolean> SERVE_STALE =
      new Setting<>("--[no-]serve-stale", "cache.serve_stale", flag(), CACHE.serveStale());

  static final Setting<InetAddress> CONSOLE_BIND =
      new Setting<>(
          "--console-bind", "console.bind", address(), ConsoleConfig.DEFAULT.bindAddress());
  static final Setting<Integer> CONSOLE_PORT =
      new Setting<>("--console-port", "console.port", port(), ConsoleConfig.DEFAULT.port());
  static final Setting<String> CONSOLE_TOKEN =
      new Setting<>("--console-token", "console.token", secret(ValueTypes.text()), null);

  static final Setting<InetAddress> SFTP_BIND =
      new Setting<>("--sftp-bind", "sftp.bind", address(), SFTP.bindAddress());
  static final Setting<Integer> SFTP_PORT =
      new Setting<>("--sftp-port", "sftp.port", port(), SFTP.port());
  static final Setting<Path> SFTP_HOST_KEY =
      new Setting<>("--sftp-host-key", "sftp.host_key", path(), SFTP.hostKey());
  static final Setting<Path> SFTP_AUTHORIZED_KEYS =
      new Setting<>(
          "--sftp-authorized-keys", "sftp.authorized_keys", path(), SFTP.authorizedKeys());
  static final Setting<Path> SFTP_KEYS_DIR =
      new Setting<>("--sftp-keys-dir", "sftp.keys_dir", path(), null);
  static final Setting<PasswordHash> SFTP_PASSWORD_HASH =
      new Setting<>(
          "--sftp-password-hash",
          "sftp.password_hash",
          secret(parsed("a hash from `dockerdns hash-password`", PasswordHash::parse)),
          null);
  static final Setting<Boolean> SFTP_WRITABLE =
      new Setting<>("--[no-]sftp-writable", "sftp.writable", flag(), SFTP.writable());

  /** {@code front, back}: the names in order; none empty. */
  private static List<String> networkNames(String text) {
    List<String> names = Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    if (names.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException();
    }
    return names;
  }

  private static List<LabelDialect> dialects(String text) {
    return Arrays.stream(text.split(",", -1))
        .map(word -> LabelDialect.parse(word).orElseThrow(IllegalArgumentException::new))
        .toList();
  }

  private static <E> List<E> atLeastOne(List<E> list) {
    if (list.isEmpty()) {
      throw new IllegalArgumentException();
    }
    return list;
  }

  /** Every setting, in the documented order. */
  static final List<Setting<?>> ALL =
      List.of(
          DOCKER_URL,
          DOCKER_CERT_PATH,
          DOCKER_TIMEOUT,
          SWARM_POLL,
          DNS_BIND,
          DNS_PORT,
          DNS_PROTOCOLS,
          DNS_RATE_LIMIT,
          NXDOMAIN,
          AUTHORITATIVE,
          LOG_QUERIES,
          DOMAINS,
          TTL,
          HOST_ADDRESS,
          HEALTH,
          NETWORKS,
          EXPOSE_BY_DEFAULT,
          ANSWER,
          COMPAT,
          RECORDS,
          HOSTS_FILES,
          FORWARD,
          FORWARD_ZONE,
          RESOLV_CONF,
          REMEMBER_UPSTREAMS,
          ALLOW_RECURSION,
          CACHE_SIZE,
          CACHE_MIN_TTL,
          CACHE_MAX_TTL,
          SERVE_STALE,
          CONSOLE_BIND,
          CONSOLE_PORT,
          CONSOLE_TOKEN,
          SFTP_BIND,
          SFTP_PORT,
          SFTP_HOST_KEY,
          SFTP_AUTHORIZED_KEYS,
          SFTP_KEYS_DIR,
          SFTP_PASSWORD_HASH,
          SFTP_WRITABLE);

  /** The setting with this key ({@code sftp.port}), if any. */
  static Optional<Setting<?>> byKey(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** The config file's objects ({@code cache}, {@code console}, {@code sftp}). */
  static List<String> objects() {
    return ALL.stream().map(Setting::object).filter(o -> !o.isEmpty()).distinct().toList();
  }

  /** The names a config file may use at the top, or inside {@code object}. */
  static List<String> namesIn(String object) {
    List<String> names = new ArrayList<>();
    for (Setting<?> s : ALL) {
      if (s.object().equals(object)) {
        names.add(s.name());
      }
    }
    if (object.isEmpty()) {
      names.addAll(objects());
    }
    return names;
  }

  /**
   * Where {@code --forward system} remembers its upstreams: systemd's state directory for a unit
   * with {@code StateDirectory=} (its home may be read-only or missing), else the home directory.
   */
  private static Path rememberedUpstreamsDefault() {
    String stateDirectory = System.getenv("STATE_DIRECTORY");
    Path dir =
        stateDirectory == null || stateDirectory.isBlank()
            ? Path.of(System.getProperty("user.home"), ".dockerdns")
            : Path.of(firstOf(stateDirectory));
    return dir.resolve("system-upstreams");
  }

  /** The first of systemd's colon-separated directories (one per StateDirectory= entry). */
  private static String firstOf(String directories) {
    int colon = directories.indexOf(':');
    return colon < 0 ? directories : directories.substring(0, colon);
  }
}
