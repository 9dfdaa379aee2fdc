package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ServersTest {

  private static Servers asked(String args) {
    RunCommand run = new RunCommand();
    CommandLine cli = new CommandLine(run);
    CommandLine.ParseResult parsed =
        cli.parseArgs(args.isBlank() ? new String[0] : args.trim().split("\\s+", -1));
    return Servers.asked(run, parsed);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                        | true  | false | false
          --console                                 | false | false | true
          --dns-port 5300 --console                 | true  | false | true
          --console-port 9000                       | false | false | true
          --sftp-port 10023                         | false | true  | false
          --no-sftp-writable                        | false | true  | false
          --forward 192.0.2.1 --console             | true  | false | true
          --nxdomain --sftp                         | true  | true  | false
          --config ../dockerdns.json.sample         | true  | false | false
          --domain example --console                | false | false | true
          """)
  void a_server_starts_when_named_by_its_flag_or_a_setting_of_its_own(
      String args, boolean dns, boolean sftp, boolean console) {
    assertThat(asked(args)).isEqualTo(new Servers(dns, sftp, console));
  }
}
