package io.dockerdns.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real upstream servers a test starts (Debian's dnsmasq, see {@code Dnsmasq}), stopped after each
 * test, also when it fails.
 */
final class Upstreams implements AfterEachCallback {

  private final List<Process> started = new ArrayList<>();

  /** Starts {@code command}, its output and errors together. */
  Process start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    started.add(process);
    return process;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(Process::destroyForcibly);
    started.clear();
  }
}
