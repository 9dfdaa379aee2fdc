/**
 * The domain values dockerdns works with: containers, their networks, ports, mounts and images. All
 * are immutable records; none refers to Docker client types.
 */
package io.dockerdns.core.model;
