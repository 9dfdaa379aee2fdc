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

  /** Rootful Podman's Docker-compatible socket, as {@code scripts/podman.sh} starts it. */
  public static final String PODMAN_URL = "unix:///run/dockerdns-test/podman.sock";

  /** The limits Podman's containers need on this kind of machine (see scripts/podman.sh). */
  private static final String PODMAN_CONF = "/run/dockerdns-test/containers.conf";

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final boolean sharedByClass;
  // The engine's address for another engine than the default one (the lab's), else null.
  private final String host;
  // Commands go to the podman command instead of docker's.
  private final boolean podman;
  // Synchronised: tests start containers from several threads at once.
  private final List<String> containers = Collections.synchronizedList(new ArrayList<>());
  private final List<String> networks = new ArrayList<>();
  private final List<String> volumes = new ArrayList<>();

  /** A fixture whose containers are removed after each test. */
  public DockerFixture() {
    this(false, null, false);
  }

  private DockerFixture(boolean sharedByClass, String host, boolean podman) {
    this.sharedByClass = sharedByClass;
    this.host = host;
    this.podman = podman;
  }

  /**
   * Rootful Podman, driven through the {@code podman} command as its users would ({@code docker
   * ...} commands given to this fixture run as {@code podman ...}); containers serve every test of
   * a class. Fails with the reason when its service ({@link #PODMAN_URL}) does not answer.
   */
  public static DockerFixture podmanSharedByClass() {
    return new DockerFixture(true, null, true);
  }

  /** As {@link #podmanSharedByClass()}, its containers removed after each test. */
  public static DockerFixture podman() {
    return new DockerFixture(false, null, true);
  }

  /**
   * A fixture for the engine at {@code host} (as {@code docker -H} takes it: the lab's second
   * engine), whose containers are removed after each test.
   */
  public static DockerFixture on(String host) {
    return new DockerFixture(false, host, false);
  }

  /**
   * A fixture whose containers serve every test of a class (started in {@code @BeforeAll}) and are
   * removed after the last one. Register it in a static field.
   */
  public static DockerFixture sharedByClass() {
    return new DockerFixture(true, null, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (podman) {
      Result ping =
          exec(
              List.of(
                  "curl",
                  "-sf",
                  "--max-time",
                  "5",
                  "--unix-socket",
                  PODMAN_URL.substring("unix://".length()),
                  "http://podman/_ping"));
      if (ping.exitCode != 0) {
        throw new AssertionError(
            "No Podman service answers at "
                + PODMAN_URL
                + ". Run ./test.sh (scripts/podman.sh start).");
      }
    } else {
      requireEngine();
    }
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
      if (podman) {
        command.addAll(List.of("-t", "0")); // else 10 s for a busybox that ignores SIGTERM
        // Podman 4.3 given one name that is gone (a container renamed since) removes none of the
        // others, and still exits 0; --ignore makes it remove the rest.
        command.add("--ignore");
      }
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
    if (podman) {
      List<String> sent = new ArrayList<>(command);
      sent.set(0, "podman");
      return sent;
    }
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
      ProcessBuilder builder = new ProcessBuilder(command);
      if (command.get(0).equals("podman")) {
        builder.environment().put("CONTAINERS_CONF", PODMAN_CONF);
      }
      Process process = builder.start();
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
