package io.dockerdns.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemResolversTest {

  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void takes_the_nameserver_lines_in_order() throws IOException {
    Path resolv =
        file(
            "resolv.conf",
            """
            # written by hand
            search corp.example
            nameserver 192.0.2.1
              nameserver	2001:db8::53
            nameserver fe80::1%eth0
            options edns0
            nameserver not-an-address
            """);

    assertThat(SystemResolvers.read(resolv, dir.resolve("none"), u -> false))
        .extracting(Object::toString)
        .containsExactly("192.0.2.1:53", "[2001:db8::53]:53", "[fe80::1]:53");
  }

  @Test
  void looks_through_the_systemd_resolved_stub() throws IOException {
    Path stub = file("resolv.conf", "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
    Path real = file("systemd.conf", "nameserver 192.0.2.7\nnameserver 192.0.2.8\n");

    assertThat(SystemResolvers.read(stub, real, u -> false))
        .extracting(Object::toString)
        .containsExactly("192.0.2.7:53", "192.0.2.8:53");
  }

  @Test
  void leaves_out_this_server_itself() throws IOException {
    Path resolv = file("resolv.conf", "nameserver 127.0.0.1\nnameserver 192.0.2.9\n");

    assertThat(SystemResolvers.read(resolv, dir.resolve("none"), u -> u.ip().isLoopbackAddress()))
        .extracting(Object::toString)
        .containsExactly("192.0.2.9:53");
  }

  @Test
  void says_why_when_no_server_is_left() throws IOException {
    Path self = file("self.conf", "nameserver 127.0.0.1\n");
    Path empty = file("empty.conf", "search example\n");

    assertThatThrownBy(() -> SystemResolvers.read(self, dir.resolve("none"), u -> true))
        .hasMessageContaining(self + " lists only this server itself ([127.0.0.1:53])")
        .hasMessageContaining("name the upstreams instead");
    assertThatThrownBy(() -> SystemResolvers.read(empty, dir.resolve("none"), u -> false))
        .hasMessageContaining(empty + " lists no nameserver");
    assertThatThrownBy(() -> SystemResolvers.read(dir.resolve("gone"), empty, u -> false))
        .hasMessageContaining("gone does not exist");
  }
}
