package io.dockerdns.cli;

import io.dockerdns.console.ConsoleConfig;
import io.dockerdns.core.docker.EngineException;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.dns.DnsBindException;
import io.dockerdns.sftp.SftpServerConfig;
import io.dockerdns.sftp.SftpStartException;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dockerdns} launcher: lists the subcommands; each one is a small callable. */
@Command(
    name = "dockerdns",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "DNS names for the containers of a Docker Engine.",
    subcommands = {
      RunCommand.class,
      LookupCommand.class,
      HealthcheckCommand.class,
      HashPasswordCommand.class,
      AutoComplete.GenerateCompletion.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  dockerdns run --dns-port 5300",
      "  dockerdns lookup web.docker",
      "  dockerdns lookup 'busybox.*.docker'",
      "  dockerdns lookup _8080._tcp.web.docker --type SRV",
      "  dockerdns lookup 172.17.0.2",
      "  dockerdns run --dns --sftp --console",
      "  source <(dockerdns generate-completion)    # bash/zsh completion"
    })
public final class Main implements Runnable {

  /** Exit code when a lookup finds nothing. */
  public static final int NOT_FOUND = 1;

  /** Exit code for an error: bad arguments, engine unreachable. */
  public static final int ERROR = 2;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "error, warn, info (default), debug or trace: how much dockerdns logs to stderr.")
  String logLevel;

  public static void main(String[] args) {
    try {
      LogLevel.applyFrom(args);
    } catch (IllegalArgumentException e) {
      System.err.println("dockerdns: " + e.getMessage());
      System.exit(ERROR);
    }
    System.exit(commandLine().execute(args));
  }

  private static final int USAGE_WIDTH = 110;

  /** The configured command line, for tests and for embedding. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> ERROR);
    // Wide enough that no option's description breaks an address (unix:///var/run/docker.sock).
    cli.setUsageHelpWidth(USAGE_WIDTH);
    cli.setExecutionExceptionHandler(Main::handleExecutionException);
    cli.setParameterExceptionHandler(new UsageMistakes());
    cli.getCommandSpec().exitCodeOnInvalidInput(ERROR);
    cli.getSubcommands()
        .values()
        .forEach(sub -> sub.getCommandSpec().exitCodeOnInvalidInput(ERROR));
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Domain errors end as one clear line and exit code 2, not as a stack trace. */
  private static int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof DnsBindException dns && dns.privilegedPort()) {
      err.println("dockerdns: " + e.getMessage() + "; " + otherPort("--dns-port", 5300));
    } else if (e instanceof SftpStartException sftp && sftp.privilegedPort()) {
      err.println(
          "dockerdns: "
              + e.getMessage()
              + "; "
              + otherPort("--sftp-port", SftpServerConfig.DEFAULT_PORT));
    } else if (e instanceof ConsoleConfig.TokenRequiredException token) {
      err.println(
          "dockerdns: the console binds to "
              + IpAddresses.format(token.bindAddress())
              + ", off loopback: give --console-token TOKEN, or bind to 127.0.0.1");
    } else if (e instanceof EngineException engine) {
      err.println("dockerdns: " + e.getMessage() + remedy(engine.remedy()));
    } else if (e instanceof DnsBindException
        || e instanceof SftpStartException
        || e instanceof IllegalArgumentException) {
      err.println("dockerdns: " + e.getMessage());
    } else {
      err.println("dockerdns: unexpected error: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return ERROR;
  }

  /** The option that fixes an engine failure, when one does. */
  static String remedy(EngineException.Remedy remedy) {
    return switch (remedy) {
      case ENGINE_ADDRESS -> " (--docker-url URL, or DOCKER_HOST)";
      case TLS_CERTIFICATES -> " (--docker-cert-path DIR)";
      case NONE -> "";
    };
  }

  /** The hint for a port this process may not bind, naming the option that chooses it. */
  private static String otherPort(String option, int suggested) {
    return "use " + option + " " + suggested + " (or another port above 1023)";
  }
}
