/**
 * The naming rules: which running containers a DNS name stands for, and with what data. Knows no
 * DNS wire format; the DNS server, the CLI and embedders all resolve through {@link
 * io.dockerdns.core.match.Resolver}.
 */
package io.dockerdns.core.match;
