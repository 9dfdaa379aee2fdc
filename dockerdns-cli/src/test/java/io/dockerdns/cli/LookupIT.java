package io.dockerdns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.testing.DockerFixture;
import io.dockerdns.core.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code dockerdns lookup} against real containers on a real engine, for every naming rule. */
class LookupIT {

  @RegisterExtension static final DockerFixture docker = DockerFixture.sharedByClass();

  private static String web;
  private static String webIp;
  private static String web2Ip;
  private static String hostPort;

  @BeforeAll
  static void startContainers() {
    String network = docker.network("net");
    web =
        docker.run(
            "web",
            "--hostname",
            docker.name("thing"),
            "--label",
            "dockerdns.aliases=" + docker.name("www"),
            "--label",
            "com.docker.compose.service=api",
            "--label",
            "com.docker.compose.project=" + docker.name("shop"),
            "-p",
            "127.0.0.1::8080");
    docker.run("web2", "--network", network);
    webIp = inspect("web", "{{.NetworkSettings.IPAddress}}");
    web2Ip = inspect("web2", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}");
    hostPort = inspect("web", "{{(index (index .NetworkSettings.Ports \"8080/tcp\") 0).HostPort}}");
  }

  @Test
  void by_name() {
    assertThat(lookup(docker.name("web") + ".docker"))
        .containsExactly(docker.name("web") + ".docker.\t10\tIN\tA\t" + webIp);
  }

  @Test
  void by_hostname_case_preserved_in_the_answer() {
    String asked = docker.name("thing").toUpperCase(java.util.Locale.ROOT) + ".docker";
    assertThat(lookup(asked)).containsExactly(asked + ".\t10\tIN\tA\t" + webIp);
  }

  @Test
  void by_alias_label() {
    String alias = docker.name("www") + ".docker";
    assertThat(lookup(alias)).containsExactly(alias + ".\t10\tIN\tA\t" + webIp);
  }

  @Test
  void by_compose_service_and_project() {
    String name = "api." + docker.name("shop") + ".docker";
    assertThat(lookup(name)).containsExactly(name + ".\t10\tIN\tA\t" + webIp);
  }

  @Test
  void by_image_wildcard_lists_every_container_of_the_image() {
    assertThat(lookup("busybox.*.docker"))
        .contains(
            "busybox.*.docker.\t10\tIN\tA\t" + webIp, "busybox.*.docker.\t10\tIN\tA\t" + web2Ip);
    assertThat(lookup("dockerdns-test/busybox:latest.*.docker"))
        .contains("dockerdns-test/busybox:latest.*.docker.\t10\tIN\tA\t" + webIp);
  }

  @Test
  void srv_for_a_published_port() {
    String name = "_8080._tcp." + docker.name("web") + ".docker";
    assertThat(lookup(name))
        .containsExactly(name + ".\t10\tIN\tSRV\t100 100 " + hostPort + " 127-0-0-1.host.docker.");
  }

  @Test
  void srv_targets_of_ports_published_everywhere_follow_host_address() {
    docker.run("everywhere", "-p", "8081");
    String name = "_8081._tcp." + docker.name("everywhere") + ".docker";
    CliRun run = CliRun.of("lookup", name, "--host-address", "192.0.2.7");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.lines()).isNotEmpty().allMatch(l -> l.endsWith(" 192-0-2-7.host.docker."));
  }

  @Test
  void reverse_for_an_address_on_any_network() {
    String[] octets = web2Ip.split("\\.", -1);
    String reverse =
        octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa.";
    assertThat(lookup(web2Ip))
        .containsExactly(reverse + "\t10\tIN\tPTR\t" + docker.name("web2") + ".docker.");
  }

  @Test
  void json_output_names_the_container() {
    CliRun run = CliRun.of("lookup", docker.name("www") + ".docker", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "\"status\" : \"found\"", "\"data\" : \"" + webIp + "\"", "\"id\" : \"" + web + "\"");
  }

  @Test
  void a_missing_name_exits_1_and_says_so() {
    CliRun run = CliRun.of("lookup", docker.name("nothing") + ".docker");

    assertThat(run.exitCode()).isEqualTo(Main.NOT_FOUND);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no such name");
  }

  @Test
  void a_name_without_the_domain_suggests_it() {
    CliRun run = CliRun.of("lookup", docker.name("www"));

    assertThat(run.exitCode()).isEqualTo(Main.NOT_FOUND);
    assertThat(run.err())
        .contains("not under the domain 'docker'")
        .contains("did you mean " + docker.name("www") + ".docker?");
  }

  @Test
  void a_name_without_data_of_the_type_exits_1_and_says_the_name_exists() {
    CliRun run = CliRun.of("lookup", docker.name("www") + ".docker", "--type", "AAAA");

    assertThat(run.exitCode()).isEqualTo(Main.NOT_FOUND);
    assertThat(run.err()).contains("no AAAA record (the name has others; try --type ANY)");
  }

  @Test
  void any_on_a_name_with_names_only_below_it_says_so_instead_of_pointing_at_itself() {
    CliRun run = CliRun.of("lookup", docker.name("shop") + ".docker", "--type", "ANY");

    assertThat(run.exitCode()).isEqualTo(Main.NOT_FOUND);
    assertThat(run.err())
        .contains("no records at this name itself, only names below it")
        .doesNotContain("try --type ANY");
  }

  @Test
  void explain_says_which_containers_are_left_out_and_why() {
    String project = "com.docker.compose.project=" + docker.name("shop");
    docker.run(
        "sick",
        "--health-cmd",
        "false",
        "--health-interval",
        "1s",
        "--health-retries",
        "1",
        "--label",
        "com.docker.compose.service=api",
        "--label",
        project);
    String sick = docker.name("sick");
    Eventually.until(
        Duration.ofSeconds(20),
        "its check failed",
        () -> inspect("sick", "{{.State.Health.Status}}").equals("unhealthy"));

    CliRun nodata = CliRun.of("lookup", sick + ".docker");
    assertThat(nodata.exitCode()).isEqualTo(Main.NOT_FOUND);
    assertThat(nodata.err()).contains("no answer now: every container it names is left out");
    assertThat(nodata.lines())
        .singleElement()
        .asString()
        .startsWith("; " + sick + " left out: unhealthy since ");

    String service = "api." + docker.name("shop") + ".docker";
    CliRun explained = CliRun.of("lookup", service, "--explain");
    assertThat(explained.exitCode()).isZero();
    assertThat(explained.lines())
        .hasSize(2)
        .startsWith(service + ".\t10\tIN\tA\t" + webIp)
        .last()
        .asString()
        .startsWith("; " + sick + " left out: unhealthy since ");

    CliRun json = CliRun.of("lookup", service, "--json");
    assertThat(json.out()).contains("\"left_out\" : [ {", "\"name\" : \"" + sick + "\"");
    assertThat(json.out()).contains("\"reason\" : \"unhealthy since ");
  }

  @Test
  void answer_published_gives_the_hosts_address_for_published_ports() {
    String web = docker.name("web") + ".docker"; // publishes 8080 on 127.0.0.1
    String web2 = docker.name("web2") + ".docker"; // publishes nothing

    assertThat(CliRun.of("lookup", web, "--answer", "published").lines())
        .containsExactly(web + ".\t10\tIN\tA\t127.0.0.1");
    CliRun unpublished = CliRun.of("lookup", web2, "--answer", "published");
    assertThat(unpublished.exitCode()).isEqualTo(Main.NOT_FOUND);
    assertThat(unpublished.err()).contains("no A record");
    assertThat(CliRun.of("lookup", web2, "--answer", "both").lines())
        .containsExactly(web2 + ".\t10\tIN\tA\t" + web2Ip);
    // This engine is rootful and not Docker Desktop: auto answers containers' own addresses.
    assertThat(CliRun.of("lookup", web, "--answer", "auto").lines())
        .containsExactly(web + ".\t10\tIN\tA\t" + webIp);
  }

  @Test
  void json_output_is_a_document_also_when_the_engine_cannot_be_reached() {
    CliRun run =
        CliRun.of("lookup", "web.docker", "--json", "--docker-url", "unix:///nonexistent.sock");

    assertThat(run.exitCode()).isEqualTo(Main.ERROR);
    assertThat(run.out())
        .contains("\"status\" : \"error\"")
        .contains("\"error\" : \"cannot reach the Docker Engine at unix:///nonexistent.sock");
    assertThat(run.err()).startsWith("dockerdns: ");
  }

  @Test
  void the_runnable_jar_answers_and_reports_an_unreachable_engine_in_one_line() throws Exception {
    Process found = java("lookup", "busybox.*.docker");
    assertThat(found.exitValue()).isZero();
    assertThat(output(found)).contains("\tA\t" + webIp, "\tA\t" + web2Ip);

    Process unreachable = java("lookup", "web.docker", "--docker-url", "unix:///nonexistent.sock");
    assertThat(unreachable.exitValue()).isEqualTo(Main.ERROR);
    String err = new String(unreachable.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).startsWith("dockerdns: ").contains("unix:///nonexistent.sock");
  }

  private List<String> lookup(String query) {
    CliRun run = CliRun.of("lookup", query);
    assertThat(run.exitCode()).as("exit code of lookup %s; stderr: %s", query, run.err()).isZero();
    return run.lines();
  }

  private static String inspect(String base, String format) {
    return docker.docker("inspect", "--format", format, docker.name(base));
  }

  private static Process java(String... args) throws IOException, InterruptedException {
    List<String> command = RunnableJar.command(args);
    Process process = new ProcessBuilder(command).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return process;
  }

  private static String output(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
