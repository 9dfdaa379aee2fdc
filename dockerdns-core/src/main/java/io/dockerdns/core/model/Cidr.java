package io.dockerdns.core.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A block of addresses written as {@code 172.17.0.0/16} or {@code fd00::/8}; an address alone is
 * the block of that one address.
 *
 * @param network the first address of the block (the bits past the prefix are zero)
 * @param prefixLength how many leading bits every address in the block shares
 */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is outside 0-" + bits + " for " + network);
    }
    network = masked(network, prefixLength);
  }

  /** The block an address and its network's prefix length lie in: 172.17.0.5 and 16 → /16. */
  public static Cidr of(InetAddress address, int prefixLength) {
    return new Cidr(address, prefixLength);
  }

  /** The block of one address. */
  public static Cidr of(InetAddress address) {
    return new Cidr(address, address.getAddress().length * 8);
  }

  /**
   * Parses {@code ADDRESS/PREFIX} or a bare address.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static Cidr parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addressText = slash < 0 ? s : s.substring(0, slash);
    InetAddress address =
        IpAddresses.parse(addressText)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'" + text + "' is not an address block such as 10.0.0.0/8 or fd00::/8"));
    if (slash < 0) {
      return of(address);
    }
    String prefix = s.substring(slash + 1);
    int bits = address.getAddress().length * 8;
    if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "'" + text + "' has no prefix length from 0 to " + bits + " after the '/'");
    }
    int length = Integer.parseInt(prefix);
    if (length > bits) {
      throw new IllegalArgumentException(
          "'" + text + "' has a prefix length over " + bits + ", the address's size in bits");
    }
    return new Cidr(address, length);
  }

  /** Whether the address lies in this block (never for an address of the other family). */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    byte[] first = network.getAddress();
    if (bytes.length != first.length) {
      return false;
    }
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (bytes[i] != first[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    int mask = (0xff00 >>> rest) & 0xff;
    return rest == 0 || (bytes[whole] & mask) == (first[whole] & mask);
  }

  /** Whether the block is one address ({@code /32}, {@code /128}). */
  public boolean isSingleAddress() {
    return prefixLength == network.getAddress().length * 8;
  }

  /** Whether every address of {@code other} lies in this block. */
  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && contains(other.network);
  }

  @Override
  public String toString() {
    return IpAddresses.format(network) + "/" + prefixLength;
  }

  private static InetAddress masked(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
    }
  }
}
