package io.dockerdns.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.DockerDns;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.testing.Curl;
import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every console endpoint, asked with curl, against real containers on the real engine. */
class ConsoleServerIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final InetAddress LOOPBACK = IpAddresses.require("127.0.0.1", "loopback");

  @RegisterExtension static final DockerFixture docker = DockerFixture.sharedByClass();

  private static DockerDns registry;
  private static ConsoleServer console;
  private static String base;
  private static String id;
  private static String ip;

  private final List<AutoCloseable> extra = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    String volume = docker.volume("data");
    id =
        docker.run(
            "web",
            "--label",
            "dockerdns.aliases=<b>bold</b>",
            "-e",
            "SECRET_PASSWORD=hunter2",
            "-p",
            "127.0.0.1::8080",
            "-v",
            volume + ":/data");
    ip = docker.docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
    registry =
        DockerDns.create(EngineSettings.forUrl(DockerFixture.engineUrl()), NamingConfig.DEFAULT);
    registry.start();
    assertThat(registry.awaitSync(WAIT)).isTrue();
    // Another part's meter (as the DNS server's are), rendered beside the registry's.
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.bindTo(meters);
    meters.counter("dockerdns.test.extra").increment(42);
    console =
        ConsoleServer.start(
            new ConsoleConfig(LOOPBACK, 0, Optional.empty()), Inputs.of(registry, meters));
    base = "http://127.0.0.1:" + console.port();
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @AfterEach
  void closeExtra() throws Exception {
    for (AutoCloseable c : extra) {
      c.close();
    }
  }

  private static String name() {
    return docker.name("web");
  }

  @Test
  void ping_and_help() {
    assertThat(Curl.get(base + "/ping").body()).isEqualTo("{\"ping\":\"pong\"}");
    Curl help = Curl.get(base + "/help");
    assertThat(help.status()).isEqualTo(200);
    assertThat(help.body()).contains("curl " + base + "/name", "POST /refresh", "/metrics");
  }

  @Test
  void the_original_tables_map_keys_to_ids() {
    assertThat(Curl.get(base + "/name").body()).contains("\"" + name() + "\":\"" + id + "\"");
    assertThat(Curl.get(base + "/ip").body()).contains("\"" + ip + "\":\"" + id + "\"");
    assertThat(Curl.get(base + "/hostname").body())
        .contains("\"" + id.substring(0, 12) + "\":[\"" + id + "\"]");
    assertThat(Curl.get(base + "/image").body()).contains("\"" + DockerFixture.IMAGE + "\":[");
    assertThat(Curl.get(base + "/name/" + name()).body()).isEqualTo("\"" + id + "\"");
    assertThat(Curl.get(base + "/image/" + DockerFixture.IMAGE).status()).isEqualTo(200);
  }

  @Test
  void events_without_asking_for_a_stream_is_the_current_data_as_one_event() {
    Curl once = Curl.get(base + "/events");

    assertThat(once.status()).isEqualTo(200);
    assertThat(once.body()).startsWith("data: {\"freshness\":").contains(name()).endsWith("\n\n");
    assertThat(once.body().lines().filter(l -> l.startsWith("data: "))).hasSize(1);
  }

  @Test
  void an_image_entry_answers_to_every_key_the_image_wildcard_takes() {
    // dockerdns-test/busybox:latest resolves as busybox.*.docker: so is /image/busybox an entry.
    for (String key : List.of("busybox", "busybox:latest", "dockerdns-test/busybox", "BusyBox")) {
      Curl entry = Curl.get(base + "/image/" + key);
      assertThat(entry.status()).as(key).isEqualTo(200);
      assertThat(entry.body()).as(key).contains("\"" + id + "\"");
    }
    assertThat(Curl.get(base + "/image/busybo").status()).isEqualTo(404);
  }

  @Test
  void a_container_document_has_the_naming_details_and_never_the_environment() {
    Curl doc = Curl.get(base + "/id/" + id);

    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.contentType()).startsWith("application/json");
    assertThat(doc.body())
        .contains(
            "\"name\":\"" + name() + "\"",
            "\"bridge\":[\"" + ip + "\"]",
            "\"containerPort\":8080",
            "\"destination\":\"/data\"",
            "\"dockerdns.aliases\":\"<b>bold</b>\"",
            "\"dnsNames\":[\"" + name() + ".docker\",\"<b>bold</b>.docker\"");
    for (String endpoint : List.of("/id", "/containers", "/id/" + id, "/name", "/help")) {
      assertThat(Curl.get(base + endpoint).body()).doesNotContain("hunter2", "SECRET_PASSWORD");
    }
  }

  @Test
  void a_container_left_out_of_answers_shows_its_health_and_why() {
    String sick =
        docker.run(
            "sick", "--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1");
    String hidden = docker.run("hidden", "--label", "dockerdns.enable=false");

    Eventually.within(
        WAIT,
        () ->
            assertThat(Curl.get(base + "/id/" + sick).body())
                .contains("\"health\":\"unhealthy\"", "\"healthSince\":\"")
                .contains("\"leftOut\":\"unhealthy since ")
                .as("it still holds its name")
                .contains("\"dnsNames\":[\"" + docker.name("sick") + ".docker\""));
    Eventually.within(
        WAIT,
        () ->
            assertThat(Curl.get(base + "/id/" + hidden).body())
                .contains("\"health\":\"none\"", "\"dnsNames\":[]")
                .contains("\"leftOut\":\"labelled dockerdns.enable=false\""));
    assertThat(Curl.get(base + "/id/" + id).body())
        .contains("\"health\":\"none\"")
        .doesNotContain("leftOut");
  }

  @Test
  void missing_entries_and_tables_are_404_with_a_json_error() {
    Curl missing = Curl.get(base + "/name/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"no entry 'nothing-here' in table 'name'\"}");

    Curl table = Curl.get(base + "/nosuchtable/x");
    assertThat(table.status()).isEqualTo(404);
    assertThat(table.body()).contains("no table 'nosuchtable'");

    assertThat(Curl.get(base + "/a/b/c").status()).isEqualTo(404);
  }

  @Test
  void only_get_and_post_refresh_are_allowed() {
    Curl put = Curl.request("PUT", base + "/name");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.body()).contains("\"error\"");
    assertThat(Curl.request("DELETE", base + "/id/" + id).status()).isEqualTo(405);

    Curl refresh = Curl.request("POST", base + "/refresh");
    assertThat(refresh.status()).isEqualTo(202);
    assertThat(refresh.body()).isEqualTo("{\"refresh\":\"requested\"}");
  }

  /** Javalin would route a GET carrying the header as the method it names. */
  @Test
  void a_method_override_header_does_not_turn_a_get_into_a_refresh() {
    Curl plain = Curl.get(base + "/refresh");
    assertThat(plain.status()).isEqualTo(404); // a GET is a table lookup, "refresh" none
    for (String header :
        List.of("X-HTTP-Method-Override: POST", "X-HTTP-Method: POST", "X-Method-Override: POST")) {
      Curl overridden = Curl.get(base + "/refresh", header);
      assertThat(overridden.status()).as(header).isEqualTo(plain.status());
      assertThat(overridden.body()).as(header).doesNotContain("requested");
    }
    assertThat(Curl.get(base + "/ping", "X-HTTP-Method-Override: DELETE").status()).isEqualTo(200);
  }

  /** A form or a text/plain fetch from another site needs no preflight: its Origin is refused. */
  @Test
  void a_refresh_from_another_origin_is_refused() {
    Curl foreign =
        Curl.request(
            "POST", base + "/refresh", "Origin: http://evil.example", "Content-Type: text/plain");
    Curl nullOrigin = Curl.request("POST", base + "/refresh", "Origin: null");
    Curl own = Curl.request("POST", base + "/refresh", "Origin: " + base);

    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.body()).contains("http://evil.example");
    assertThat(nullOrigin.status()).isEqualTo(403);
    assertThat(own.status()).isEqualTo(202);
  }

  /** A browser may leave Origin out of a cross-site POST; Sec-Fetch-Site still says where from. */
  @Test
  void a_refresh_a_browser_marks_as_from_another_site_is_refused_without_an_origin() {
    Curl crossSite = Curl.request("POST", base + "/refresh", "Sec-Fetch-Site: cross-site");
    Curl sameSite = Curl.request("POST", base + "/refresh", "Sec-Fetch-Site: same-site");
    Curl sameOrigin = Curl.request("POST", base + "/refresh", "Sec-Fetch-Site: same-origin");
    Curl typed = Curl.request("POST", base + "/refresh", "Sec-Fetch-Site: none");

    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(crossSite.body()).contains("Sec-Fetch-Site: cross-site");
    assertThat(sameSite.status()).as("another port of this host is another origin").isEqualTo(403);
    assertThat(sameOrigin.status()).isEqualTo(202);
    assertThat(typed.status()).isEqualTo(202);
  }

  @Test
  void the_page_comes_with_its_first_screen_filled_in_and_escaped() {
    String page = Curl.get(base + "/").body();
    String web = docker.name("web");

    assertThat(page)
        .as("the table, without waiting for the event stream")
        .containsPattern(
            "<tr data-name=\"" + web + "\" data-engine=\"[^\"]+\"><td>" + web + "</td>")
        .contains("<td>" + ip + " (bridge)</td>")
        .contains("<span id=\"freshness\" class=\"in-sync\">in sync</span>");
    assertThat(page)
        .as("a container's own strings are text, in the table and in the data block")
        .contains("&lt;b&gt;bold&lt;/b&gt;.docker")
        .doesNotContain("<b>bold</b>")
        .contains("\\u003cb>bold\\u003c/b>.docker");
    assertThat(page).doesNotContain("hunter2");
  }

  @Test
  void the_page_may_run_only_its_own_script_and_may_not_be_framed() {
    String headers = Curl.headers("GET", base + "/").body();
    String json = Curl.headers("GET", base + "/name").body();

    assertThat(headers)
        .containsIgnoringCase("X-Frame-Options: DENY")
        .containsIgnoringCase("X-Content-Type-Options: nosniff")
        .containsIgnoringCase("Referrer-Policy: no-referrer")
        .containsPattern("(?i)Content-Security-Policy: default-src 'none'; script-src 'sha256-")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(json).containsIgnoringCase("Content-Security-Policy: default-src 'none'");
  }

  @Test
  void health_and_metrics_while_in_sync() {
    Curl health = Curl.get(base + "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"in-sync\"");
    // How each engine's containers are answered (--answer; here the default).
    assertThat(health.body())
        .containsPattern("\"sources\":\\{\"[^\"]+\":\\{[^}]*\"answer\":\"container\"");

    Curl metrics = Curl.get(base + "/metrics");
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.body())
        .containsPattern("(?m)^dockerdns_registry_containers [1-9]")
        .contains("dockerdns_registry_in_sync 1")
        .containsPattern("dockerdns_engine_reconnects_total\\{source=\"[^\"]+\"\\} 0")
        .containsPattern("dockerdns_engine_connection_failures_total\\{source=\"[^\"]+\"\\} 0")
        .containsPattern("dockerdns_source_in_sync\\{source=\"[^\"]+\"\\} 1")
        .contains("dockerdns_test_extra_total 42");
  }

  @Test
  void health_is_503_with_the_reason_while_the_engine_is_unreachable() throws Exception {
    DockerDns lost =
        DockerDns.create(
            EngineSettings.forUrl("unix:///nonexistent.sock")
                .withMaxBackoff(Duration.ofMillis(200)),
            NamingConfig.DEFAULT);
    extra.add(lost);
    lost.start();
    ConsoleServer stale =
        ConsoleServer.start(new ConsoleConfig(LOOPBACK, 0, Optional.empty()), Inputs.of(lost));
    extra.add(0, stale);

    Eventually.within(
        WAIT,
        () -> {
          Curl health = Curl.get("http://127.0.0.1:" + stale.port() + "/health");
          assertThat(health.status()).isEqualTo(503);
          assertThat(health.body())
              .contains(
                  "\"status\":\"never-synced\"",
                  "\"reason\":\"cannot reach the Docker Engine at unix:///nonexistent.sock");
        });
  }

  @Test
  void a_token_is_required_when_configured() {
    ConsoleServer guarded =
        ConsoleServer.start(
            new ConsoleConfig(LOOPBACK, 0, Optional.of("s3cret")), Inputs.of(registry));
    extra.add(guarded);
    String url = "http://127.0.0.1:" + guarded.port() + "/name";

    assertThat(Curl.get(url).status()).isEqualTo(401);
    assertThat(Curl.get(url, "Authorization: Bearer wrong").status()).isEqualTo(401);
    assertThat(Curl.get(url, "Authorization: Bearer s3cret").status()).isEqualTo(200);
    assertThat(Curl.get(url + "?token=s3cret").status()).as("the page's way").isEqualTo(200);
    assertThat(Curl.get(url + "?token=wrong", "Authorization: Bearer s3cret").status())
        .isEqualTo(401);
  }

  @Test
  void binding_off_loopback_without_a_token_is_refused() {
    assertThatThrownBy(
            () -> new ConsoleConfig(IpAddresses.require("0.0.0.0", "any"), 0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a token")
        .hasMessageNotContaining("--"); // the launcher names its own option
  }

  @Test
  void a_foreign_host_header_is_refused_against_dns_rebinding() {
    assertThat(Curl.get(base + "/name", "Host: evil.example").status()).isEqualTo(421);
    assertThat(Curl.get(base + "/name", "Host: localhost:" + console.port()).status())
        .isEqualTo(200);
  }

  @Test
  void no_cors_headers_even_when_a_page_from_elsewhere_asks() {
    for (String method : List.of("GET", "OPTIONS")) {
      Curl response =
          Curl.headers(
              method,
              base + "/name",
              "Origin: http://evil.example",
              "Access-Control-Request-Method: GET");

      assertThat(response.body())
          .as(method)
          .contains("HTTP/1.1")
          .doesNotContainIgnoringCase("access-control-");
    }
  }
}
