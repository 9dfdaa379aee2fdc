package io.dockerdns.dns.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A zone sent to its own servers (split DNS: a VPN's or a company's zone).
 *
 * @param zone the zone; names at and below it go to {@code upstreams}
 * @param upstreams the servers asked for it, in order
 */
public record ForwardZone(Name zone, List<Upstream> upstreams) {

  public ForwardZone {
    Objects.requireNonNull(zone, "zone");
    upstreams = List.copyOf(upstreams);
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException("forward zone " + zone + " has no server");
    }
  }

  /**
   * Parses {@code ZONE=ADDRESS[:PORT]}, several servers separated by commas: {@code
   * corp.example=10.0.0.53,10.0.1.53:5353}.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static ForwardZone parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || equals == text.length() - 1) {
      throw new IllegalArgumentException(
          "forward zone '" + text + "' is not ZONE=ADDRESS[:PORT] (corp.example=10.0.0.53)");
    }
    String zoneText = text.substring(0, equals).trim();
    Name zone;
    try {
      zone = Name.fromString(zoneText.endsWith(".") ? zoneText : zoneText + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          "forward zone '" + text + "': '" + zoneText + "' is not a domain name", e);
    }
    List<Upstream> servers = new ArrayList<>();
    for (String server : text.substring(equals + 1).split(",", -1)) {
      servers.add(Upstream.parse(server));
    }
    return new ForwardZone(zone, servers);
  }

  /** Whether {@code name} is this zone or below it. */
  public boolean covers(Name name) {
    return name.subdomain(zone);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(zone.toString(true)).append('=');
    for (int i = 0; i < upstreams.size(); i++) {
      text.append(i == 0 ? "" : ",").append(upstreams.get(i));
    }
    return text.toString();
  }
}
