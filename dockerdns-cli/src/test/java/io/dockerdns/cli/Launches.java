package io.dockerdns.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code dockerdns} processes a test launched from the runnable jar, each logging to its own file
 * (reading a pipe while a process exits can lose its last lines); all are killed after each test.
 */
final class Launches implements AfterEachCallback {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logFiles = new ArrayList<>();

  /** A running launcher; its log is read whole whenever asked. */
  record Running(Process process, int port, Path logFile) {
    String log() {
      return RunnableJar.read(logFile);
    }
  }

  /** Starts {@code dockerdns ARGS} and waits for the port DNS listens on. */
  Running startDns(String... args) throws IOException, InterruptedException {
    Process process = process(args);
    Path logFile = lastLogFile();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      Matcher m = RunnableJar.DNS_LISTENING.matcher(RunnableJar.read(logFile));
      if (m.find()) {
        return new Running(process, Integer.parseInt(m.group(1)), logFile);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no port in the log; log so far:\n" + RunnableJar.read(logFile));
  }

  Process process(String... args) throws IOException {
    return process(List.of(), args);
  }

  /** Starts {@code PREFIX... java -jar dockerdns.jar ARGS...}. */
  Process process(List<String> prefix, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(RunnableJar.command(args));
    Path logFile = Files.createTempFile("dockerdns-run", ".log");
    logFiles.add(logFile);
    Process process = new ProcessBuilder(command).redirectError(logFile.toFile()).start();
    processes.add(process);
    return process;
  }

  /** The log of the process started last. */
  Path lastLogFile() {
    return logFiles.get(logFiles.size() - 1);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    processes.forEach(Process::destroyForcibly);
    processes.clear();
    for (Path f : logFiles) {
      Files.deleteIfExists(f);
    }
    logFiles.clear();
  }
}
