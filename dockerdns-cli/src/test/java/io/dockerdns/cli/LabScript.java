package io.dockerdns.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code scripts/lab.sh}, the test lab of extra engines and Swarm nodes, as the tests drive it. */
final class LabScript {

  private LabScript() {}

  /** Runs {@code scripts/lab.sh ARGS} (space-separated); its output, or fails with it. */
  static String lab(String args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("../scripts/lab.sh"));
    command.addAll(List.of(args.split(" ")));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("scripts/lab.sh " + args + " failed:\n" + out);
    }
    return out.strip();
  }

  /** The engine address of a lab node's socket ({@code lab.sh socket NODE}). */
  static String socketUrl(String node) throws IOException, InterruptedException {
    return "unix://" + lastLine(lab("socket " + node));
  }

  static String lastLine(String out) {
    return out.lines().reduce((a, b) -> b).orElseThrow();
  }
}
