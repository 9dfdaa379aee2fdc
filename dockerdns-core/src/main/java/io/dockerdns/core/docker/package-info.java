/**
 * The Docker adapter of core: reads and follows a Docker Engine through docker-java. The only
 * package that touches docker-java types; everything it hands out is our own model.
 */
package io.dockerdns.core.docker;
