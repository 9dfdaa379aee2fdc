package io.dockerdns.bench;

import io.dockerdns.core.model.Container;
import io.dockerdns.core.model.ContainerState;
import io.dockerdns.core.model.Health;
import io.dockerdns.core.model.ImageRef;
import io.dockerdns.core.model.NetworkAttachment;
import io.dockerdns.core.model.PortBinding;
import io.dockerdns.core.model.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Containers as a busy engine has them: unique names and ids, 100 images shared among them, a
 * compose label on every tenth, one address each on one of 16 networks, a published port on half.
 */
public final class SyntheticContainers {

  private SyntheticContainers() {}

  public static List<Container> make(int count) {
    List<Container> containers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      containers.add(container(i, 0));
    }
    return containers;
  }

  /** Container {@code i}; a different {@code generation} gives it another address. */
  public static Container container(int i, int generation) {
    // Ids look like Docker's: 64 hex digits, spread out from the first (hostnames take 12).
    long mixed = (i + 1) * 0x9E3779B97F4A7C15L;
    String id = (HexFormat.of().formatHex(longBytes(mixed)) + "0".repeat(48));
    Map<String, String> labels =
        i % 10 == 0
            ? Map.of(
                "com.docker.compose.service", "svc" + (i % 1000),
                "com.docker.compose.project", "proj" + (i / 1000))
            : Map.of();
    InetAddress address = address(i + generation * 7919);
    List<PortBinding> ports =
        i % 2 == 0
            ? List.of(new PortBinding(8080, Protocol.TCP, address("0.0.0.0"), 30000 + i % 20000))
            : List.of();
    return new Container(
        id,
        "c-" + i,
        id.substring(0, 12),
        new ImageRef("registry.example.com/team/app" + (i % 100) + ":v" + (i % 3)),
        labels,
        List.of(new NetworkAttachment("net" + (i % 16), List.of(address))),
        ports,
        List.of(),
        ContainerState.RUNNING,
        Health.NONE,
        0,
        Container.NO_SOURCE);
  }

  private static InetAddress address(int n) {
    byte[] v4 = {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    try {
      return InetAddress.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
