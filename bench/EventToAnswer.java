import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.time.Instant;

/**
 * Event to answer: how long after the engine's own start (or die) event does dockerdns's answer
 * change? Run with a dockerdns listening on PORT:
 *
 * <pre>java bench/EventToAnswer.java PORT [COUNT]</pre>
 *
 * It follows {@code docker events} for the event times (nanoseconds, the engine's clock, which is
 * this machine's). For each of COUNT containers it starts {@code docker run -d} without waiting
 * and at once asks for the name over UDP every PAUSE_US microseconds until the answer has an address; the
 * delay is from the start event to that answer. Then the same for {@code docker stop} and the die
 * event, until the name is gone. It prints both distributions. JDK only: the query is built by
 * hand.
 *
 * <pre>java bench/EventToAnswer.java PORT [COUNT] health</pre>
 *
 * measures health instead: one container whose check ({@code test -e /tmp/ok}, every second) is
 * made to pass and fail COUNT times each; the delay is from the engine's {@code health_status}
 * event to the answer that has (healthy) or no longer has (unhealthy) the address.
 */
public class EventToAnswer {

  private static final Map<String, Long> EVENTS = new ConcurrentHashMap<>();
  private static final long PAUSE_NANOS =
      Long.parseLong(System.getenv().getOrDefault("PAUSE_US", "100")) * 1000;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Process events =
        new ProcessBuilder(
                "docker", "events", "--filter", "type=container", "--format",
                "{{.TimeNano}}|{{.Action}}|{{.Actor.Attributes.name}}")
            .start();
    Thread reader = new Thread(() -> readEvents(events));
    reader.setDaemon(true);
    reader.start();
    if (args.length > 2 && args[2].equals("health")) {
      try {
        health(port, count);
      } finally {
        events.destroy();
      }
      return;
    }
    List<Double> appear = new ArrayList<>();
    List<Double> vanish = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(200);
      for (int i = 0; i < count; i++) {
        String name = "ddbench-evt" + i;
        docker("rm", "-f", name).waitFor();
        Process run =
            docker("run", "-d", "--name", name, "dockerdns-test/busybox:latest", "sleep", "3600");
        while (!hasAddress(socket, port, name + ".docker")) {
          pause();
        }
        long answered = nowNanos();
        run.waitFor();
        appear.add((answered - eventTime(name, "start")) / 1e6);
        Process stop = docker("stop", "-t", "0", name);
        while (hasAddress(socket, port, name + ".docker")) {
          pause();
        }
        long gone = nowNanos();
        stop.waitFor();
        vanish.add((gone - eventTime(name, "die")) / 1e6);
        docker("rm", "-f", name).waitFor();
      }
    } finally {
      events.destroy();
    }
    report("engine start event -> name answers", appear);
    report("engine die event -> name gone", vanish);
  }

  /** The health half: one container's check made to pass, then fail, {@code count} times. */
  private static void health(int port, int count) throws Exception {
    String name = "ddbench-evt-health";
    docker("rm", "-f", name).waitFor();
    docker(
            "run", "-d", "--name", name, "--health-cmd", "test -e /tmp/ok",
            "--health-interval", "1s", "--health-retries", "1",
            "dockerdns-test/busybox:latest", "sleep", "3600")
        .waitFor();
    List<Double> healthy = new ArrayList<>();
    List<Double> unhealthy = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(200);
      // Its first verdict (no /tmp/ok: unhealthy) before the rounds begin.
      while (!EVENTS.containsKey(name + " health_status: unhealthy")) {
        Thread.sleep(50);
      }
      EVENTS.remove(name + " health_status: unhealthy");
      for (int i = 0; i < count; i++) {
        docker("exec", name, "touch", "/tmp/ok").waitFor();
        while (!hasAddress(socket, port, name + ".docker")) {
          pause();
        }
        long answered = nowNanos();
        healthy.add((answered - eventTime(name, "health_status: healthy")) / 1e6);
        docker("exec", name, "rm", "/tmp/ok").waitFor();
        while (hasAddress(socket, port, name + ".docker")) {
          pause();
        }
        long gone = nowNanos();
        unhealthy.add((gone - eventTime(name, "health_status: unhealthy")) / 1e6);
      }
    } finally {
      docker("rm", "-f", name).waitFor();
    }
    report("health_status: healthy -> answers", healthy);
    report("health_status: unhealthy -> NODATA", unhealthy);
  }

  private static void readEvents(Process events) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        String[] parts = line.split("\\|", 3);
        if (parts.length == 3) {
          EVENTS.put(parts[2] + " " + parts[1], Long.parseLong(parts[0]));
        }
      }
    } catch (IOException e) {
      // the stream ends when the benchmark stops it
    }
  }

  /** The event's time; it may reach us after the answer did, so wait a moment for it. */
  private static long eventTime(String name, String action) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      Long t = EVENTS.remove(name + " " + action);
      if (t != null) {
        return t;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no " + action + " event for " + name);
  }

  /**
   * Between two questions. Asking back to back keeps this client and the server's UDP thread busy
   * on both cores of a small machine, and the engine and the event thread then wait for a core:
   * that measured the machine, not dockerdns (die to gone 15 ms with a spinning loop, 1-2 ms when
   * the same events arrive without one). PAUSE_US (default 100) is the resolution.
   */
  private static void pause() {
    LockSupport.parkNanos(PAUSE_NANOS);
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static void report(String what, List<Double> ms) {
    double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        "%-38s n=%d  min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms  (first %.1f ms)%n",
        what, v.length, v[0], pct(v, 0.5), pct(v, 0.9), pct(v, 0.99), v[v.length - 1], ms.get(0));
  }

  /** Nearest rank: the smallest value with at least p of them at or below it. */
  private static double pct(double[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static boolean hasAddress(DatagramSocket socket, int port, String name)
      throws IOException {
    byte[] query = query(name);
    socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
    byte[] buf = new byte[1500];
    DatagramPacket reply = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(reply);
    } catch (SocketTimeoutException e) {
      return false;
    }
    int rcode = buf[3] & 0x0f;
    int answers = ((buf[6] & 0xff) << 8) | (buf[7] & 0xff);
    return rcode == 0 && answers > 0;
  }

  private static byte[] query(String name) {
    byte[] out = new byte[512];
    int p = 0;
    out[p++] = 0x12;
    out[p++] = 0x34;
    out[p++] = 0x01; // RD
    out[p++] = 0x00;
    out[p++] = 0x00;
    out[p++] = 0x01; // QDCOUNT 1
    p += 6;
    for (String label : name.split("\\.")) {
      byte[] b = label.getBytes(StandardCharsets.US_ASCII);
      out[p++] = (byte) b.length;
      System.arraycopy(b, 0, out, p, b.length);
      p += b.length;
    }
    out[p++] = 0;
    out[p++] = 0;
    out[p++] = 1; // A
    out[p++] = 0;
    out[p++] = 1; // IN
    return Arrays.copyOf(out, p);
  }

  /** Starts {@code docker ARGS}, its output discarded; the caller waits when it needs to. */
  private static Process docker(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(Arrays.asList(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
