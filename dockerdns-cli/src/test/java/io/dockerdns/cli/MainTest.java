package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class MainTest {

  @Test
  void help_lists_the_subcommands_with_examples() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("lookup").contains("dockerdns lookup 'busybox.*.docker'");
  }

  @Test
  void lookup_help_explains_exit_codes_and_options() {
    CliRun run = CliRun.of("lookup", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--type", "--json", "--docker-url", "--domain", "--ttl", "0 found, 1 not found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "lookup", "healthcheck"})
  void help_lists_every_log_level_and_never_breaks_the_engine_address(String command) {
    String help = CliRun.of(command, "--help").out();

    assertThat(help).contains("error, warn, info (default), debug or trace");
    assertThat(help).contains("unix:///var/run/docker.sock");
  }

  @Test
  void every_command_offers_log_level_and_completion_is_generated() {
    assertThat(CliRun.of("run", "--help").out()).contains("--log-level");
    assertThat(CliRun.of("lookup", "--help").out()).contains("--log-level");
    CliRun completion = CliRun.of("generate-completion");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete -F", "dockerdns");
  }

  @Test
  void log_level_sets_the_level_of_dockerdns_loggers_and_rejects_others() {
    LogLevel.applyFrom(new String[] {"run", "--log-level", "debug"});
    assertThat(System.getProperty("org.slf4j.simpleLogger.log.io.dockerdns")).isEqualTo("debug");
    System.clearProperty("org.slf4j.simpleLogger.log.io.dockerdns");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LogLevel.applyFrom(new String[] {"--log-level=loud"}))
        .hasMessage("--log-level 'loud' is not one of error, warn, info, debug, trace");
  }

  @Test
  void version_names_the_program() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("dockerdns ");
  }

  @Test
  void lookup_options_parse_into_the_command() {
    LookupCommand lookup = new LookupCommand();
    CommandLine.populateCommand(
        lookup,
        "web.example",
        "--type",
        "aaaa",
        "--json",
        "--domain",
        "example",
        "--docker-url",
        "tcp://127.0.0.1:2375",
        "--ttl",
        "30");

    assertThat(lookup.query).isEqualTo("web.example");
    assertThat(lookup.type).isEqualTo("aaaa");
    assertThat(lookup.json).isTrue();
    assertThat(lookup.shared.naming().domain()).isEqualTo("example");
    assertThat(lookup.shared.engines().get(0).dockerUrl()).isEqualTo("tcp://127.0.0.1:2375");
    assertThat(lookup.shared.ttl()).isEqualTo(30);
  }

  @Test
  void run_options_parse_into_the_dns_configuration() {
    RunCommand run = new RunCommand();
    CommandLine.populateCommand(
        run,
        "--dns-bind",
        "::1",
        "--dns-port",
        "5353",
        "--dns-protocols",
        "UDP",
        "--nxdomain",
        "--no-authoritative",
        "--ttl",
        "60",
        "--dns-rate-limit",
        "250");

    var config = run.dnsConfig();
    assertThat(config.bindAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(config.port()).isEqualTo(5353);
    assertThat(config.transports()).containsExactly(io.dockerdns.dns.Transport.UDP);
    assertThat(config.nxdomain()).isTrue();
    assertThat(config.authoritative()).isFalse();
    assertThat(config.ttl()).isEqualTo(60);
    assertThat(config.effectiveRateLimit()).isEqualTo(250);
  }

  @Test
  void run_defaults_follow_the_original_program() {
    RunCommand run = new RunCommand();
    CommandLine.populateCommand(run);

    var config = run.dnsConfig();
    assertThat(config.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(53);
    assertThat(config.transports()).hasSize(2);
    assertThat(config.nxdomain()).as("no_nxdomain: SERVFAIL for missing names").isFalse();
    assertThat(config.authoritative()).isTrue();
    assertThat(config.ttl()).isEqualTo(10);
    assertThat(config.effectiveRateLimit()).as("off on loopback").isZero();
  }

  @Test
  void the_rate_limit_is_on_by_default_when_dns_listens_off_loopback() {
    RunCommand run = new RunCommand();
    CommandLine.populateCommand(run, "--dns-bind", "0.0.0.0");

    assertThat(run.dnsConfig().effectiveRateLimit())
        .isEqualTo(io.dockerdns.dns.DnsServerConfig.DEFAULT_RATE_LIMIT);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          lookup web.docker --type MX                    | --type 'MX' is not one of A, AAAA, SRV, PTR, ANY
          lookup web.docker --ttl -5                     | --ttl -5: not a whole number from 0 to 604800
          lookup web.docker --domain a..b                | domain 'a..b' has an invalid label
          lookup web.docker --docker-url ftp://x         | docker URL 'ftp://x' must start with one of
          lookup web.docker --docker-timeout 0           | --docker-timeout 0: not a whole number of seconds from 1 to 3600
          lookup web.docker --docker-url unix:///run/nope.sock | start Docker, or name another engine (--docker-url URL, or DOCKER_HOST)
          lookup web.docker --docker-url tcp://127.0.0.1:1 | no engine listens at 127.0.0.1:1; start Docker there, or name another engine (--docker-url URL, or DOCKER_HOST)
          lookup                                         | Missing required parameter: 'QUERY'
          lookup web.docker --nonsense                   | dockerdns lookup: unknown option '--nonsense' (dockerdns lookup --help for the full usage)
          run --port 5300                                | dockerdns run: unknown option '--port'; did you mean --dns-port?
          run -p 5300                                    | dockerdns run: unknown option '-p'; did you mean --dns-port?
          run --forwrd 192.0.2.1                         | dockerdns run: unknown option '--forwrd'; did you mean --forward?
          serve                                          | dockerdns: unknown command 'serve'; did you mean run?
          run --dns-port                                 | dockerdns run: Missing required parameter for option '--dns-port' (PORT)
          run --dns-protocols udp,sctp                   | --dns-protocols sctp: not a list of "udp" and/or "tcp"
          run --dns-port 70000                           | --dns-port 70000: not a whole number from 0 to 65535
          run --dns-bind localhost                       | --dns-bind localhost: not an IP address
          run --host-address nowhere                     | --host-address nowhere: not an IP address
          run --dns-rate-limit -1                        | --dns-rate-limit -1: not a whole number from 0 to 1000000, or "auto"
          run --console --console-bind 0.0.0.0           | off loopback: give --console-token TOKEN
          run --print-config --forward dns.google        | --forward dns.google: upstream 'dns.google' is not ADDRESS[:PORT]
          run --print-config --forward 127.0.0.1         | --forward 127.0.0.1:53 is this server itself
          run --print-config --forward-zone corp         | --forward-zone corp: forward zone 'corp' is not ZONE=ADDRESS[:PORT]
          run --print-config --forward 192.0.2.1 --allow-recursion everyone | --allow-recursion everyone: allowed client 'everyone' is not an address block
          run --print-config --forward 192.0.2.1 --cache-min-ttl 60 --cache-max-ttl 30 | cache maximum TTL 30 is not from the minimum (60)
          run --print-config --forward system --resolv-conf /nonexistent | --forward system: /nonexistent does not exist: name another file, or the upstreams instead (--forward ADDRESS[:PORT], or another file with --resolv-conf FILE)
          """)
  void bad_arguments_exit_2_with_a_line_naming_the_problem(String args, String message) {
    CliRun run = CliRun.of(args.trim().split("\\s+", -1));

    assertThat(run.exitCode()).isEqualTo(Main.ERROR);
    assertThat(run.err()).contains(message);
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(run.err().lines()).as("one line, not the usage").hasSize(1);
  }
}
