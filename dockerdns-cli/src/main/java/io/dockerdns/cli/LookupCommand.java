package io.dockerdns.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dockerdns.core.DockerDns;
import io.dockerdns.core.match.Answer;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.match.QueryType;
import io.dockerdns.core.match.Resolution;
import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.match.ReverseNames;
import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.IpAddresses;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dockerdns lookup QUERY}: reads the engine once and answers one question. */
@Command(
    name = "lookup",
    mixinStandardHelpOptions = true,
    description = {
      "Resolve one name against the running containers and print dig-like answer lines.",
      "An IP address as QUERY asks for the container owning it (PTR).",
      "Exit status: 0 found, 1 not found, 2 error."
    },
    footer = {
      "",
      "Examples:",
      "  dockerdns lookup web.docker                   # by container name",
      "  dockerdns lookup 26ed50b1bf59.docker          # by hostname",
      "  dockerdns lookup 'busybox.*.docker'           # every container of an image",
      "  dockerdns lookup web.myapp.docker             # Compose service web, project myapp",
      "  dockerdns lookup _8080._tcp.web.docker        # published bindings of 8080/tcp (SRV)",
      "  dockerdns lookup 172.17.0.2                   # reverse (PTR)",
      "  dockerdns lookup web.docker --type AAAA --json",
      "  dockerdns lookup web.docker --explain         # and why containers are left out"
    })
final class LookupCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "QUERY",
      description = "A name under the domain (web.docker), a reverse name, or an IP address.")
  String query;

  @Option(
      names = {"-t", "--type"},
      paramLabel = "TYPE",
      description =
          "A, AAAA, SRV, PTR or ANY (default: PTR for an address, SRV for _PORT._PROTO names,"
              + " else A).")
  String type;

  @Option(names = "--json", description = "Print one JSON document instead of answer lines.")
  boolean json;

  @Option(
      names = "--explain",
      description =
          "Also say which containers holding the name are left out of its answers, and why"
              + " (\"; web-2 left out: unhealthy since 2026-12-06 12:03:04\").")
  boolean explain;

  @Mixin SharedOptions shared;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int ttl = shared.ttl();
    Optional<InetAddress> address = IpAddresses.parse(query);
    String name = address.map(ReverseNames::fromAddress).orElse(query.trim());
    QueryType queryType = queryType(name, address.isPresent());

    Resolution resolution;
    List<Resolver.LeftOut> leftOut;
    boolean otherTypes = false;
    NamingConfig naming = shared.naming();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DockerDns registry =
        DockerDns.create(shared.engines(), naming, shared.swarmPoll())
            .withStaticRecords(shared.records(naming.domains()), shared.hostsFiles())) {
      registry.readOnce();
      // With several engines, one that cannot be read leaves the others' answers: say which.
      registry
          .snapshot()
          .sources()
          .forEach(
              (engine, f) ->
                  f.failure()
                      .ifPresent(why -> err.println("not read, answering without it: " + why)));
      resolution = registry.resolve(name, queryType);
      leftOut = registry.resolver().leftOut(registry.snapshot(), name);
      if (resolution instanceof Resolution.NoData && queryType != QueryType.ANY) {
        otherTypes = registry.resolve(name, QueryType.ANY) instanceof Resolution.Found;
      }
    } catch (RuntimeException e) {
      if (json) {
        // A script reading stdout gets a document in every case; the line on stderr follows.
        out.println(errorJson(name, queryType, e.getMessage()));
        out.flush();
      }
      throw e;
    }
    if (json) {
      out.println(toJson(name, queryType, ttl, resolution, leftOut));
    } else {
      if (resolution instanceof Resolution.Found found) {
        int answerTtl = Answer.ttlOf(found.answers(), ttl);
        found.answers().forEach(a -> out.println(AnswerLines.line(name, answerTtl, a)));
      } else if (!leftOut.isEmpty() && resolution instanceof Resolution.NoData) {
        err.println(name + ": no answer now: every container it names is left out");
      } else {
        err.println(
            name + ": " + explain(name, resolution, queryType, otherTypes, naming.domains()));
      }
      if (explain || resolution instanceof Resolution.NoData) {
        leftOut.forEach(l -> out.println("; " + l.container().name() + " left out: " + l.reason()));
      }
    }
    out.flush();
    err.flush();
    return resolution instanceof Resolution.Found ? 0 : Main.NOT_FOUND;
  }

  private QueryType queryType(String name, boolean isAddress) {
    if (type == null) {
      if (isAddress) {
        return QueryType.PTR;
      }
      return name.startsWith("_") ? QueryType.SRV : QueryType.A;
    }
    return QueryType.parse(type)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--type '" + type + "' is not one of A, AAAA, SRV, PTR, ANY"));
  }

  private static String explain(
      String name,
      Resolution resolution,
      QueryType type,
      boolean otherTypes,
      List<String> domains) {
    if (resolution instanceof Resolution.NoData) {
      if (otherTypes) {
        return "no " + type + " record (the name has others; try --type ANY)";
      }
      return type == QueryType.ANY
          ? "no records at this name itself, only names below it (a Compose project's"
              + " SERVICE.PROJECT, a _PROTO level)"
          : "no " + type + " record, nor any other at this name itself (names exist below it)";
    }
    if (resolution instanceof Resolution.OutOfZone) {
      String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      return (domains.size() == 1
              ? "not under the domain '" + domains.get(0) + "'"
              : "not under any of the domains '" + String.join("', '", domains) + "'")
          + " (nor a reverse name); did you mean "
          + bare
          + "."
          + domains.get(0)
          + "?";
    }
    return "no such name: no running container answers to it";
  }

  private static String toJson(
      String name, QueryType type, int ttl, Resolution resolution, List<Resolver.LeftOut> leftOut)
      throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("query", name);
    doc.put("type", type.name());
    doc.put("status", status(resolution));
    List<Map<String, Object>> answers = new ArrayList<>();
    if (resolution instanceof Resolution.Found found) {
      int answerTtl = Answer.ttlOf(found.answers(), ttl);
      for (Answer a : found.answers()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", AnswerLines.absolute(name));
        row.put("ttl", answerTtl);
        row.put("type", AnswerLines.type(a));
        row.put("data", AnswerLines.data(a));
        a.owner().ifPresent(c -> row.put("container", containerSummary(c)));
        answers.add(row);
      }
    }
    doc.put("answers", answers);
    List<Map<String, String>> left = new ArrayList<>();
    for (Resolver.LeftOut l : leftOut) {
      Map<String, String> row = containerSummary(l.container());
      row.put("reason", l.reason());
      left.add(row);
    }
    doc.put("left_out", left);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
  }

  private static String errorJson(String name, QueryType type, String error) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("query", name);
    doc.put("type", type.name());
    doc.put("status", "error");
    doc.put("error", error);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
  }

  private static Map<String, String> containerSummary(Container c) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("name", c.name());
    summary.put("id", c.id());
    return summary;
  }

  private static String status(Resolution resolution) {
    if (resolution instanceof Resolution.Found) {
      return "found";
    }
    if (resolution instanceof Resolution.NoData) {
      return "no-data";
    }
    return resolution instanceof Resolution.OutOfZone ? "out-of-zone" : "no-such-name";
  }
}
