package io.dockerdns.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Which servers {@code run} starts: each one named by its flag ({@code --dns}, {@code --sftp},
 * {@code --console}) or by one of its settings given on the command line ({@code --dns-port 5300}
 * starts DNS, {@code --console-port} the console); DNS when none is named either way. Settings that
 * come only from the config file start nothing: the sample file holds them all.
 *
 * @param dns serve DNS
 * @param sftp serve SFTP
 * @param console serve the console
 */
record Servers(boolean dns, boolean sftp, boolean console) {

  /** Options besides {@code --dns-*} that only DNS uses. */
  private static final Set<String> DNS_SETTINGS =
      Set.of(
          "--nxdomain",
          "--authoritative",
          "--host-address",
          "--forward",
          "--forward-zone",
          "--resolv-conf",
          "--allow-recursion",
          "--cache-size",
          "--cache-min-ttl",
          "--cache-max-ttl",
          "--serve-stale");

  static Servers asked(RunCommand run, ParseResult parsed) {
    Set<String> given =
        (parsed == null ? List.<OptionSpec>of() : parsed.matchedOptions())
            .stream().map(OptionSpec::longestName).collect(Collectors.toSet());
    boolean dns =
        run.dns || given.stream().anyMatch(o -> o.startsWith("--dns-") || DNS_SETTINGS.contains(o));
    boolean sftp = run.sftp.enabled || given.stream().anyMatch(o -> o.startsWith("--sftp-"));
    boolean console = run.console || given.stream().anyMatch(o -> o.startsWith("--console-"));
    return new Servers(dns || !(sftp || console), sftp, console);
  }
}
