package io.dockerdns.console;

import io.dockerdns.core.DockerDns;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The console's inputs from an embedded registry, as the launcher gives them. */
final class Inputs {

  private Inputs() {}

  /** Inputs with the registry's own meters and nothing else. */
  static ConsoleInputs of(DockerDns dns) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    dns.bindTo(meters);
    return of(dns, meters);
  }

  static ConsoleInputs of(DockerDns dns, PrometheusMeterRegistry meters) {
    return new ConsoleInputs(dns::snapshot, dns::subscribe, dns.resolver(), dns::refresh, meters);
  }
}
