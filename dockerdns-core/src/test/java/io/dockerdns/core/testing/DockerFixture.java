package io.dockerdns.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Docker Engine for integration tests, driven through the {@code docker} command as a user
 * would. Register it with {@code @RegisterExtension static final DockerFixture docker = new
 * DockerFixture();}.
 *
 * <p>Before the tests it checks that an engine answers, and fails (never skips) with the reason
 * when none does. Everything it creates is named {@code ddtest-<run>-...} and removed after each
 * test, passed or failed; {@code scripts/ensure-engine.sh} sweeps what a killed run left.
 */
public final class DockerFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  /** The image {@code scripts/ensure-engine.sh} imports from the static busybox binary. */
  public static final String IMAGE = "dockerdns-test/busybox:latest";

  /** Prefix of every container, network and volume tests create. */
  public static final String PREFIX = "ddtest-";

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final boolean sharedByClass;
  // The engine's address for another engine than the default one (the lab's), else null.
  private final String host;
  // Synchronised: tests start containers from several threads at once.
  private final List<String> containers = Collections.synchronizedList(new ArrayList<>());
  private final List<String> networks = new ArrayList<>();
  private final List<String> volumes = new ArrayList<>();

  /** A fixture whose containers are removed after each test. */
  public DockerFixture() {
    this(false, null);
  }

  private DockerFixture(boolean sharedByClass, String host) {
    this.sharedByClass = sharedByClass;
    this.host = host;
  }

  /**
   * A fixture for the engine at {@code host} (as {@code docker -H} takes it: the lab's second
   * engine), whose containers are removed after each test.
   */
  public static DockerFixture on(String host) {
    return new DockerFixture(false, host);
  }

  /**
   * A fixture whose containers serve every test of a class (started in {@code @BeforeAll}) and are
   * removed after the last one. Register it in a static field.
   */
  public static DockerFixture sharedByClass() {
    return new DockerFixture(true, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    requireEngine();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!sharedByClass) {
      cleanUp();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    cleanUp();
  }

  /** Fails with the engine's address and error when no engine answers. */
  public static void requireEngine() {
    Result info;
    try {
      info = exec(List.of("docker", "info", "--format", "{{.ServerVersion}}"));
    } catch (IllegalStateException e) {
      throw new AssertionError(
          "No Docker Engine: the docker command could not run ("
              + e.getMessage()
              + "). Run ./test.sh, which installs and starts one.",
          e);
    }
    if (info.exitCode != 0) {
      throw new AssertionError(
          "No Docker Engine answers at "
              + engineUrl()
              + ": "
              + info.stderr.trim()
              + ". Run ./test.sh, which starts one.");
    }
  }

  /** The engine address the tests use: {@code DOCKER_HOST}, else the default socket. */
  public static String engineUrl() {
    String host = System.getenv("DOCKER_HOST");
    return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
  }

  /** A name unique to this run: {@code ddtest-<run>-<base>}. */
  public String name(String base) {
    return PREFIX + run + "-" + base;
  }

  /**
   * Starts a detached busybox container named {@link #name(String) name(base)} that sleeps; {@code
   * options} go between {@code docker run -d} and the image. Returns the full id.
   */
  public String run(String base, String... options) {
    String name = name(base);
    List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--name", name));
    command.addAll(Arrays.asList(options));
    command.addAll(List.of(IMAGE, "sleep", "3600"));
    containers.add(name);
    return docker(command);
  }

  /** Creates a network named {@link #name(String) name(base)}; returns its name. */
  public String network(String base, String... options) {
    String name = name(base);
    List<String> command = new ArrayList<>(List.of("docker", "network", "create"));
    command.addAll(Arrays.asList(options));
    command.add(name);
    networks.add(name);
    docker(command);
    return name;
  }

  /** Creates a volume named {@link #name(String) name(base)}; returns its name. */
  public String volume(String base) {
    String name = name(base);
    volumes.add(name);
    docker(List.of("docker", "volume", "create", name));
    return name;
  }

  /** Runs {@code docker ARGS...}; returns its trimmed output, or fails with its error output. */
  public String docker(String... args) {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(Arrays.asList(args));
    return docker(command);
  }

  /** Registers a container created some other way, so it is removed after the test. */
  public void removeAfterTest(String containerName) {
    containers.add(containerName);
  }

  /** Removes everything this fixture created so far. Safe to call more than once. */
  public void cleanUp() {
    if (!containers.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("docker", "rm", "-f", "-v"));
      command.addAll(containers);
      exec(onHost(command));
      containers.clear();
    }
    for (String network : networks) {
      exec(onHost(List.of("docker", "network", "rm", network)));
    }
    networks.clear();
    for (String volume : volumes) {
      exec(onHost(List.of("docker", "volume", "rm", "-f", volume)));
    }
    volumes.clear();
  }

  /** {@code command} (a docker command) sent to this fixture's engine. */
  private List<String> onHost(List<String> command) {
    if (host == null) {
      return command;
    }
    List<String> sent = new ArrayList<>(command);
    sent.addAll(1, List.of("-H", host));
    return sent;
  }

  private String docker(List<String> command) {
    Result result = exec(onHost(command));
    if (result.exitCode != 0) {
      throw new AssertionError(
          String.join(" ", command) + " failed (" + result.exitCode + "): " + result.stderr.trim());
    }
    return result.stdout.trim();
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result exec(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      // Read both streams on their own threads so neither pipe can fill up and block the child.
      StreamReader out = new StreamReader(process.getInputStream());
      StreamReader err = new StreamReader(process.getErrorStream());
      out.start();
      err.start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      out.join();
      err.join();
      return new Result(process.exitValue(), out.text, err.text);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  private static final class StreamReader extends Thread {
    private final InputStream in;
    private volatile String text = "";

    StreamReader(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = "";
      }
    }
  }
}
