package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The runnable jar the package phase built, run as users run it: {@code java -jar}. */
final class RunnableJar {

  /** The line {@code run} logs once DNS listens; group 1 is the port. */
  static final Pattern DNS_LISTENING = Pattern.compile("DNS listening on \\S+ port (\\d+)");

  private static final Path JAR = Path.of("target", "dockerdns.jar").toAbsolutePath();

  private RunnableJar() {}

  /** {@code java -jar target/dockerdns.jar ARGS...}; fails clearly when the jar is missing. */
  static List<String> command(String... args) {
    assertThat(JAR).as("the runnable jar, built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }

  /** A log file's text so far; "" while it does not exist. */
  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
