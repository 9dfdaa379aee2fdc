package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.console.ConsoleConfig;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.dns.DnsServerConfig;
import io.dockerdns.dns.Transport;
import io.dockerdns.sftp.PasswordHash;
import io.dockerdns.sftp.SftpServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ConfigFileTest {

  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path file = dir.resolve("dockerdns.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void the_sample_file_is_valid_and_holds_the_defaults() {
    ConfigFile sample = ConfigFile.load(Path.of("..", "dockerdns.json.sample"));

    for (Setting<?> setting : Settings.ALL) {
      sample
          .get(setting)
          .ifPresent(
              value ->
                  assertThat(value)
                      .as("%s in the sample", setting.key())
                      .isEqualTo(setting.defaultValue()));
    }
    RunCommand fromSample = runWith("--config", "../dockerdns.json.sample");
    assertThat(fromSample.dnsConfig()).isEqualTo(DnsServerConfig.DEFAULT);
    assertThat(fromSample.consoleConfig()).isEqualTo(ConsoleConfig.DEFAULT);
    assertThat(fromSample.sftp.config(fromSample.shared)).isEqualTo(SftpServerConfig.defaults());
    assertThat(fromSample.forwarding.config(fromSample.shared, fromSample.dnsConfig())).isNull();
  }

  @Test
  void several_engines_each_with_certificates_of_its_own_or_none() throws IOException {
    Path file =
        write(
            """
            {"docker_url": ["unix:///var/run/docker.sock",
                            {"url": "tcp://10.0.0.2:2376", "cert_path": "/etc/dockerdns/b"},
                            {"url": "https://10.0.0.3:2376"}]}
            """);

    assertThat(ConfigFile.load(file).get(Settings.DOCKER_URL))
        .contains(
            List.of(
                new EngineAddress("unix:///var/run/docker.sock", null),
                new EngineAddress("tcp://10.0.0.2:2376", Path.of("/etc/dockerdns/b")),
                new EngineAddress("https://10.0.0.3:2376", null)));
  }

  @Test
  void reads_the_original_keys_skipping_comments() throws IOException {
    Path file =
        write(
            """
            {"#": "a comment", "#bind_port": "also a comment",
             "docker_url": "tcp://127.0.0.1:2375", "bind_interface": "", "bind_port": 5353,
             "bind_protocols": ["udp"], "no_nxdomain": false, "authoritative": false,
             "domain": "Containers.Local", "ttl": 30}
            """);

    ConfigFile config = ConfigFile.load(file);

    assertThat(config.get(Settings.DOCKER_URL))
        .contains(List.of(new EngineAddress("tcp://127.0.0.1:2375", null)));
    assertThat(config.get(Settings.DNS_BIND)).contains(IpAddresses.require("0.0.0.0", "any"));
    assertThat(config.get(Settings.DNS_PORT)).contains(5353);
    assertThat(config.get(Settings.DNS_PROTOCOLS)).contains(List.of(Transport.UDP));
    assertThat(config.get(Settings.NXDOMAIN)).as("no_nxdomain false").contains(true);
    assertThat(config.get(Settings.AUTHORITATIVE)).contains(false);
    assertThat(config.get(Settings.DOMAINS)).contains(List.of("containers.local"));
    assertThat(config.get(Settings.TTL)).contains(30);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"bind_prot": 53}                | unknown key 'bind_prot'; did you mean 'bind_port'?
          {"xyzzy": 53}                    | unknown key 'xyzzy'; known keys: docker_url,
          {"docker_url": "ftp://x"}        | key 'docker_url' must be a URL such as "unix:///var/run/docker.sock", an object with "url" and "cert_path", or a list of them, got "ftp://x" (docker URL 'ftp://x' must start with one of
          {"docker_url": [{"url": "tcp://a:2376", "certs": "/x"}]} | key 'docker_url' must be a URL such as "unix:///var/run/docker.sock", an object with "url" and "cert_path", or a list of them, got [{"url":"tcp://a:2376","certs":"/x"}] (unknown key "certs" in an engine (known: url, cert_path))
          {"docker_url": [{"cert_path": "/x"}]} | key 'docker_url' must be a URL such as "unix:///var/run/docker.sock", an object with "url" and "cert_path", or a list of them, got [{"cert_path":"/x"}] (an engine object needs a "url")
          {"bind_port": 70000}             | key 'bind_port' must be a whole number from 0 to 65535, got 70000
          {"bind_port": "53"}              | key 'bind_port' must be a whole number from 0 to 65535, got "53"
          {"bind_protocols": ["sctp"]}     | key 'bind_protocols' must be a list of "udp" and/or "tcp", got ["sctp"]
          {"bind_protocols": []}           | key 'bind_protocols' must be a list of "udp" and/or "tcp", got []
          {"bind_interface": "localhost"}  | key 'bind_interface' must be an IP address
          {"no_nxdomain": "yes"}           | key 'no_nxdomain' must be true or false, got "yes"
          {"domain": ""}                   | key 'domain' must be a domain such as "docker", or a list of them, got "" (domain must not be empty)
          {"ttl": -1}                      | key 'ttl' must be a whole number from 0 to 604800, got -1
          {"ttl": 1.5}                     | key 'ttl' must be a whole number from 0 to 604800, got 1.5
          {"console": {"prt": 1}}          | unknown key 'console.prt'; did you mean 'port'?
          {"console": {"colour": 1}}       | unknown key 'console.colour'; known keys: bind, port, token
          {"console": {"port": -1}}        | key 'console.port' must be a whole number from 0 to 65535, got -1
          {"console": 8080}                | key 'console' must be an object with bind, port, token
          {"sftp": {"writeable": true}}    | unknown key 'sftp.writeable'; did you mean 'writable'?
          {"sftp": {"writable": "yes"}}    | key 'sftp.writable' must be true or false, got "yes"
          {"sftp": {"port": 70000}}        | key 'sftp.port' must be a whole number from 0 to 65535, got 70000
          {"sftp": {"host_key": ""}}       | key 'sftp.host_key' must be a file path, got ""
          {"sftp": {"bind": "anywhere"}}   | key 'sftp.bind' must be an IP address
          [1, 2]                           | must hold one JSON object
          {"ttl": 10,                      | :1:12: not valid JSON: the file ends inside an object: a '}' is missing
          {"ttl": 10 "domain": "x"}        | :1:12: not valid JSON: a ',' is missing between two keys
          {ttl: 10}                        | :1:2: not valid JSON: a key must be in double quotes
          {"ttl": 10,}                     | :1:12: not valid JSON: a ',' before this '}' is not allowed: remove the comma after the last key's value
          {"networks": ["a",]}             | :1:19: not valid JSON: a ',' before this ']' is not allowed
          {"ttl" 10}                       | :1:8: not valid JSON: a ':' is missing between a key and its value
          {"host_address": "example"}      | key 'host_address' must be an IP address
          {"forward": "dns.google"}        | key 'forward' must be a string or a list of strings, got "dns.google" (upstream 'dns.google' is not
          {"forward": [53]}                | key 'forward' must be a string or a list of strings, got [53]
          {"forward_zone": ["corp"]}       | key 'forward_zone' must be a string or a list of strings, got ["corp"] (forward zone 'corp'
          {"allow_recursion": ["all"]}     | key 'allow_recursion' must be a string or a list of strings, got ["all"] (allowed client 'all'
          {"cache": {"size": -1}}          | key 'cache.size' must be a whole number from 0 to 100000000, got -1
          {"cache": {"serve_stale": 1}}    | key 'cache.serve_stale' must be true or false, got 1
          {"sftp": {"password_hash": "hunter2"}} | key 'sftp.password_hash' must be a hash from `dockerdns hash-password` (a password hash looks like
          {"docker_timeout": 0}            | key 'docker_timeout' must be a whole number of seconds from 1 to 3600, got 0
          """)
  void a_bad_value_names_the_file_the_key_and_what_was_expected(String json, String message)
      throws IOException {
    Path file = write(json);

    assertThatThrownBy(() -> ConfigFile.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("config file " + file)
        .hasMessageContaining(message);
  }

  @Test
  void the_console_object_configures_the_console_and_the_token_is_never_printed()
      throws IOException {
    Path file = write("{\"console\": {\"port\": 9090, \"token\": \"s3cret\"}}");

    assertThat(runWith("--config", file.toString()).consoleConfig().port()).isEqualTo(9090);
    CliRun print = CliRun.of("run", "--config", file.toString(), "--console", "--print-config");
    assertThat(print.out())
        .containsPattern("--console-port\\s+9090\\s+config file")
        .containsPattern("--console-token\\s+\\(hidden\\)\\s+config file")
        .doesNotContain("s3cret");
  }

  @Test
  void the_sftp_object_configures_sftp_and_the_password_hash_is_never_printed() throws IOException {
    String hash = PasswordHash.of("secret".toCharArray()).toString();
    Path file =
        write(
            "{\"sftp\": {\"port\": 2222, \"writable\": true, \"keys_dir\": \"~/keys\","
                + " \"password_hash\": \""
                + hash
                + "\"}}");

    RunCommand run = runWith("--config", file.toString(), "--sftp-port", "2022");
    SftpServerConfig config = run.sftp.config(run.shared);

    assertThat(config.port()).as("the command line wins").isEqualTo(2022);
    assertThat(config.writable()).isTrue();
    assertThat(config.perContainerKeys())
        .contains(Path.of(System.getProperty("user.home"), "keys"));
    assertThat(config.passwordHash()).contains(PasswordHash.parse(hash));
    CliRun print = CliRun.of("run", "--config", file.toString(), "--sftp", "--print-config");
    assertThat(print.out())
        .containsPattern("--sftp-password-hash\\s+\\(hidden\\)\\s+config file")
        .containsPattern("--\\[no-\\]sftp-writable\\s+--sftp-writable\\s+config file")
        .doesNotContain(hash);
  }

  @Test
  void a_bad_password_hash_is_refused_at_start() {
    CliRun run = CliRun.of("run", "--sftp", "--sftp-password-hash", "hunter2", "--print-config");

    assertThat(run.exitCode()).isEqualTo(Main.ERROR);
    assertThat(run.err())
        .startsWith("dockerdns: --sftp-password-hash: a password hash looks like pbkdf2-sha256$")
        .doesNotContain("hunter2");
  }

  @Test
  void a_missing_explicit_file_is_an_error() {
    assertThatThrownBy(() -> ConfigFile.find(dir.resolve("nope.json")))
        .hasMessageEndingWith("nope.json does not exist");
  }

  @Test
  void the_command_line_wins_over_the_file_and_the_file_over_the_defaults() throws IOException {
    Path file = write("{\"bind_port\": 5353, \"ttl\": 30, \"no_nxdomain\": false}");

    RunCommand run = runWith("--config", file.toString(), "--ttl", "60");
    DnsServerConfig config = run.dnsConfig();

    assertThat(config.port()).as("from the file").isEqualTo(5353);
    assertThat(config.ttl()).as("from the command line").isEqualTo(60);
    assertThat(config.nxdomain()).as("no_nxdomain false in the file").isTrue();
    assertThat(config.authoritative()).as("default").isTrue();
    assertThat(runWith("--config", file.toString(), "--no-nxdomain").dnsConfig().nxdomain())
        .as("--no-nxdomain on the command line wins")
        .isFalse();
  }

  @Test
  void health_networks_and_exposure_come_from_the_file_or_the_command_line() throws IOException {
    Path file =
        write(
            "{\"health\": \"ignore\", \"networks\": \"front, back\", \"expose_by_default\": false}");

    NamingConfig fromFile = runWith("--config", file.toString()).shared.naming();
    NamingConfig fromFlags =
        runWith(
                "--config",
                file.toString(),
                "--health",
                "follow",
                "--network",
                "db",
                "--network",
                "web",
                "--expose-by-default")
            .shared
            .naming();

    assertThat(fromFile.followHealth()).isFalse();
    assertThat(fromFile.preferredNetworks()).containsExactly("front", "back");
    assertThat(fromFile.exposeByDefault()).isFalse();
    assertThat(fromFlags.followHealth()).isTrue();
    assertThat(fromFlags.preferredNetworks()).containsExactly("db", "web");
    assertThat(fromFlags.exposeByDefault()).isTrue();
    assertThat(runWith("--expose-by-default=false").shared.naming().exposeByDefault()).isFalse();
    assertThat(runWith("--no-expose-by-default").shared.naming().exposeByDefault()).isFalse();
    assertThat(runWith().shared.naming())
        .as("defaults")
        .extracting(NamingConfig::followHealth, NamingConfig::exposeByDefault)
        .containsExactly(true, true);
  }

  @Test
  void a_health_word_that_is_neither_follow_nor_ignore_is_refused_by_name() throws IOException {
    Path file = write("{\"health\": \"sometimes\"}");

    assertThatThrownBy(() -> runWith("--config", file.toString()).shared.naming())
        .hasMessageContaining("key 'health' must be \"follow\" or \"ignore\", got \"sometimes\"");
    assertThatThrownBy(() -> runWith("--health", "maybe").shared.naming())
        .hasMessageContaining("--health")
        .hasMessageContaining("maybe");
  }

  @Test
  void print_config_shows_each_value_and_its_origin() throws IOException {
    Path file = write("{\"bind_port\": 5353}");

    CliRun run = CliRun.of("run", "--config", file.toString(), "--ttl", "60", "--print-config");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("--dns-port\\s+5353\\s+config file " + file)
        .containsPattern("--ttl\\s+60\\s+command line")
        .containsPattern("--dns-bind\\s+127\\.0\\.0\\.1\\s+default")
        .containsPattern("--\\[no-\\]nxdomain\\s+--no-nxdomain\\s+default");
  }

  @Test
  void a_bad_file_stops_run_with_exit_2_and_one_line() throws IOException {
    Path file = write("{\"bind_port\": 70000}");

    CliRun run = CliRun.of("run", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(Main.ERROR);
    assertThat(run.err().strip())
        .isEqualTo(
            "dockerdns: config file "
                + file
                + ": key 'bind_port' must be a whole number from 0 to 65535, got 70000");
  }

  private static RunCommand runWith(String... args) {
    RunCommand run = new RunCommand();
    CommandLine.populateCommand(run, args);
    return run;
  }

  /** The table of settings names real options: what --print-config and the reference show. */
  @Test
  void every_setting_names_an_option_of_run() {
    List<String> options = new ArrayList<>();
    for (OptionSpec option : new CommandLine(new RunCommand()).getCommandSpec().options()) {
      options.add(option.longestName());
      if (option.negatable()) {
        options.add(option.longestName().replaceFirst("^--(no-)?", "--[no-]"));
      }
    }

    assertThat(Settings.ALL).extracting(Setting::option).allMatch(options::contains);
  }
}
