/**
 * The registry of running containers: one writer publishes immutable, indexed snapshots; readers
 * take the current snapshot without locking; listeners hear of every change.
 */
package io.dockerdns.core.registry;
