package io.dockerdns.console;

import io.dockerdns.core.match.Resolver;
import io.dockerdns.core.registry.RegistryListener;
import io.dockerdns.core.registry.RegistrySnapshot;
import io.dockerdns.core.registry.Subscription;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the console reads, and nothing more.
 *
 * @param snapshots the registry's current snapshot
 * @param changes subscribes a listener to the registry's changes (the live page follows them)
 * @param resolver the naming rules, asked for every name a container answers to
 * @param refresh asks for a full re-read of every engine ({@code POST /refresh}); returns at once
 * @param metrics the process's meters, which {@code /metrics} renders
 */
public record ConsoleInputs(
    Supplier<RegistrySnapshot> snapshots,
    Function<RegistryListener, Subscription> changes,
    Resolver resolver,
    Runnable refresh,
    PrometheusMeterRegistry metrics) {

  public ConsoleInputs {
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(metrics, "metrics");
  }
}
