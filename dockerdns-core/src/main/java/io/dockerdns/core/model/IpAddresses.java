package io.dockerdns.core.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP address literals without ever asking a resolver (unlike {@code getByName}). */
public final class IpAddresses {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private IpAddresses() {}

  /** The address written in {@code text}, or empty when it is not an IPv4 or IPv6 literal. */
  public static Optional<InetAddress> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    try {
      if (IPV4.matcher(s).matches()) {
        String[] parts = s.split("\\.", -1);
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(parts[i]);
          if (octet > 255) {
            return Optional.empty();
          }
          bytes[i] = (byte) octet;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
      }
      // getByName never resolves a string containing ':'; it parses it as an IPv6 literal.
      if (IPV6.matcher(s).matches()) {
        return Optional.of(InetAddress.getByName(s));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * Like {@link #parse} but for values that must be addresses.
   *
   * @throws IllegalArgumentException naming the text when it is not an address literal
   */
  public static InetAddress require(String text, String what) {
    return parse(text)
        .orElseThrow(
            () -> new IllegalArgumentException(what + " '" + text + "' is not an IP address"));
  }

  /** The canonical text form: {@code 172.17.0.2}, {@code fd00::2}. */
  public static String format(InetAddress address) {
    String s = address.getHostAddress();
    int scope = s.indexOf('%');
    s = scope >= 0 ? s.substring(0, scope) : s;
    if (s.contains(":")) {
      return compressIpv6(s);
    }
    return s;
  }

  private static String compressIpv6(String full) {
    // Java prints 0:0:0:0:0:0:0:1; people (and dig) write ::1.
    String[] groups = full.split(":", -1);
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }
}
