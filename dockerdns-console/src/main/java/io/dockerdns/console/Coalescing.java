package io.dockerdns.console;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands values to a consumer on an executor, the latest only: values that come while one is waiting
 * replace it, so a burst of registry changes costs one render, not one each.
 *
 * @param <T> what is handed on
 */
final class Coalescing<T> implements Consumer<T> {

  private final Executor executor;
  private final Consumer<T> consumer;
  private final AtomicReference<T> waiting = new AtomicReference<>();

  Coalescing(Executor executor, Consumer<T> consumer) {
    this.executor = executor;
    this.consumer = consumer;
  }

  @Override
  public void accept(T value) {
    if (waiting.getAndSet(value) == null) {
      // Nothing was waiting: no hand-over is scheduled, so schedule one. One that is scheduled
      // and has not taken its value yet takes this one.
      executor.execute(() -> consumer.accept(waiting.getAndSet(null)));
    }
  }
}
