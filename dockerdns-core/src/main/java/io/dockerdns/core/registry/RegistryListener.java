package io.dockerdns.core.registry;

/** Told of every change to a {@link ContainerRegistry}. */
@FunctionalInterface
public interface RegistryListener {

  /** Called on the registry writer's thread after {@code change.current()} is published. */
  void onChange(RegistryChange change);
}
