package io.dockerdns.core.match;

import io.dockerdns.core.model.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/** Reverse-mapping names ({@code 2.0.17.172.in-addr.arpa}, {@code ...ip6.arpa}) and addresses. */
public final class ReverseNames {

  private static final String V4_SUFFIX = ".in-addr.arpa";
  private static final String V6_SUFFIX = ".ip6.arpa";

  private ReverseNames() {}

  /** Whether the name (lower case, no trailing dot) lies in a reverse-mapping tree. */
  static boolean isReverse(String name) {
    return name.endsWith(V4_SUFFIX) || name.endsWith(V6_SUFFIX);
  }

  /**
   * The address a complete reverse name stands for; empty for partial or malformed names (such as
   * {@code 17.172.in-addr.arpa}).
   */
  public static Optional<InetAddress> toAddress(String reverseName) {
    return toBlock(reverseName).filter(Cidr::isSingleAddress).map(Cidr::network);
  }

  /**
   * The block of addresses a reverse name covers, partial names included: {@code
   * 17.172.in-addr.arpa} is 172.17.0.0/16, a complete name one address. Empty for names outside the
   * reverse trees, the trees' apexes and malformed labels.
   */
  public static Optional<Cidr> toBlock(String reverseName) {
    String name = reverseName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    try {
      if (name.endsWith(V4_SUFFIX)) {
        String[] labels = name.substring(0, name.length() - V4_SUFFIX.length()).split("\\.", -1);
        return labels.length > 4
            ? Optional.empty()
            : ipv4(padded(labels, 4)).map(a -> Cidr.of(a, labels.length * 8));
      }
      if (name.endsWith(V6_SUFFIX)) {
        String[] nibbles = name.substring(0, name.length() - V6_SUFFIX.length()).split("\\.", -1);
        return nibbles.length > 32
            ? Optional.empty()
            : ipv6(padded(nibbles, 32)).map(a -> Cidr.of(a, nibbles.length * 4));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The labels of a partial name (least significant first) with zeros for the labels left out. */
  private static String[] padded(String[] labels, int size) {
    String[] full = new String[size];
    int missing = size - labels.length;
    for (int i = 0; i < size; i++) {
      full[i] = i < missing ? "0" : labels[i - missing];
    }
    return full;
  }

  /** The reverse name for an address, with a trailing dot. */
  public static String fromAddress(InetAddress address) {
    byte[] bytes = address.getAddress();
    StringBuilder sb = new StringBuilder();
    if (address instanceof Inet4Address) {
      for (int i = bytes.length - 1; i >= 0; i--) {
        sb.append(bytes[i] & 0xff).append('.');
      }
      return sb.append("in-addr.arpa.").toString();
    }
    for (int i = bytes.length - 1; i >= 0; i--) {
      sb.append(Character.forDigit(bytes[i] & 0x0f, 16)).append('.');
      sb.append(Character.forDigit((bytes[i] >> 4) & 0x0f, 16)).append('.');
    }
    return sb.append("ip6.arpa.").toString();
  }

  private static Optional<InetAddress> ipv4(String[] labels) throws UnknownHostException {
    if (labels.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String label = labels[3 - i];
      if (label.isEmpty() || label.length() > 3 || !label.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(label);
      if (octet > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    return Optional.of(InetAddress.getByAddress(bytes));
  }

  private static Optional<InetAddress> ipv6(String[] nibbles) throws UnknownHostException {
    if (nibbles.length != 32) {
      return Optional.empty();
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 32; i++) {
      String nibble = nibbles[31 - i];
      int value = nibble.length() == 1 ? Character.digit(nibble.charAt(0), 16) : -1;
      if (value < 0) {
        return Optional.empty();
      }
      bytes[i / 2] |= (byte) (i % 2 == 0 ? value << 4 : value);
    }
    return Optional.of(InetAddress.getByAddress(bytes));
  }
}
