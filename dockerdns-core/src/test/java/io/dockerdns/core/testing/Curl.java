package io.dockerdns.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real curl, as users run it: status, content type and body of one request. */
public record Curl(int status, String contentType, String body) {

  public static Curl get(String url, String... headers) {
    return request("GET", url, headers);
  }

  /** Like {@link #request}, with the response's header lines as the body. */
  public static Curl headers(String method, String url, String... headers) {
    return run(List.of("curl", "-s", "-o", "/dev/null", "-D", "-", "-X", method), url, headers);
  }

  public static Curl request(String method, String url, String... headers) {
    return run(List.of("curl", "-s", "-X", method), url, headers);
  }

  private static Curl run(List<String> curl, String url, String... headers) {
    List<String> command = new ArrayList<>(curl);
    command.addAll(List.of("-w", "\n%{http_code} %{content_type}", "-m", "10"));
    for (String h : headers) {
      command.add("-H");
      command.add(h);
    }
    command.add(url);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      int lastLine = out.lastIndexOf('\n');
      String[] status = out.substring(lastLine + 1).split(" ", 2);
      return new Curl(
          Integer.parseInt(status[0]),
          status.length > 1 ? status[1] : "",
          out.substring(0, Math.max(0, lastLine)));
    } catch (IOException e) {
      throw new AssertionError("cannot run curl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
