package io.dockerdns.cli;

import io.dockerdns.sftp.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dockerdns hash-password}: makes the hash that {@code --sftp-password-hash} takes. The
 * password is never an argument (it would show in {@code ps} and shell history).
 */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description = {
      "Hash a password for SFTP login (--sftp-password-hash, config: sftp.password_hash).",
      "Asks twice on a terminal; otherwise reads the first line of standard input."
    },
    footer = {
      "",
      "Examples:",
      "  dockerdns hash-password",
      "  printf '%s\\n' \"$PASSWORD\" | dockerdns hash-password"
    })
final class HashPasswordCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    char[] password = read();
    try {
      spec.commandLine().getOut().println(PasswordHash.of(password));
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  // On Java 17 (our release) a null console means no terminal; on 22+ the console also reads a
  // pipe, which asks twice but still works.
  @SuppressWarnings("SystemConsoleNull")
  private static char[] read() throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Password: ");
      char[] second = console.readPassword("Again: ");
      if (first == null || second == null || !Arrays.equals(first, second)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      Arrays.fill(second, '\0');
      return requireNotEmpty(first);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    return requireNotEmpty(line == null ? new char[0] : line.toCharArray());
  }

  private static char[] requireNotEmpty(char[] password) {
    if (password.length == 0) {
      throw new IllegalArgumentException("an empty password cannot be used");
    }
    return password;
  }
}
