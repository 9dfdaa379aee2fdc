/** Helpers shared by the network front ends. */
package io.dockerdns.core.net;
