import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Event to answer: how long after `docker run -d` (or `docker stop`) returns does dockerdns's
 * answer change? Run with a dockerdns listening on PORT:
 *
 * <pre>java bench/EventToAnswer.java PORT [COUNT]</pre>
 *
 * For each of COUNT containers it starts one, then asks for its name over UDP in a tight loop
 * until the answer has an address; then stops it and asks until the name is gone. It prints the
 * distribution of both delays. JDK only: the query is built by hand.
 */
public class EventToAnswer {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    List<Double> appear = new ArrayList<>();
    List<Double> vanish = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(200);
      for (int i = 0; i < count; i++) {
        String name = "ddbench-evt" + i;
        docker("rm", "-f", name);
        docker("run", "-d", "--name", name, "dockerdns-test/busybox:latest", "sleep", "3600");
        long returned = System.nanoTime();
        while (!hasAddress(socket, port, name + ".docker")) {}
        appear.add((System.nanoTime() - returned) / 1e6);
        docker("stop", "-t", "0", name);
        returned = System.nanoTime();
        while (hasAddress(socket, port, name + ".docker")) {}
        vanish.add((System.nanoTime() - returned) / 1e6);
        docker("rm", "-f", name);
      }
    }
    report("docker run returned -> name answers", appear);
    report("docker stop returned -> name gone", vanish);
  }

  private static void report(String what, List<Double> ms) {
    double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        "%-38s n=%d  min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms%n",
        what, v.length, v[0], pct(v, 0.5), pct(v, 0.9), pct(v, 0.99), v[v.length - 1]);
  }

  private static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
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

  private static void docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
  }
}
