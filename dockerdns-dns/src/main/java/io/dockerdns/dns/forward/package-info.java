/**
 * Forwarding: dockerdns as the one resolver. Names outside the own zone are asked of upstream
 * servers ({@link io.dockerdns.dns.forward.Forwarder}) with failover, a bounded cache that serves
 * stale data when every upstream fails, and recursion only for the clients allowed; the own domain
 * and the container networks' reverse names never leave the process.
 */
package io.dockerdns.dns.forward;
