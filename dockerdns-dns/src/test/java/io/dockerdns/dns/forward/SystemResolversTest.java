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

  private Path memory() {
    return dir.resolve("state").resolve("system-upstreams");
  }

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

    assertThat(SystemResolvers.read(resolv, dir.resolve("none"), memory(), u -> false))
        .extracting(Object::toString)
        .containsExactly("192.0.2.1:53", "[2001:db8::53]:53", "[fe80::1]:53");
  }

  @Test
  void looks_through_the_systemd_resolved_stub() throws IOException {
    Path stub = file("resolv.conf", "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
    Path real = file("systemd.conf", "nameserver 192.0.2.7\nnameserver 192.0.2.8\n");

    assertThat(SystemResolvers.read(stub, real, memory(), u -> false))
        .extracting(Object::toString)
        .containsExactly("192.0.2.7:53", "192.0.2.8:53");
  }

  @Test
  void leaves_out_this_server_itself() throws IOException {
    Path resolv = file("resolv.conf", "nameserver 127.0.0.1\nnameserver 192.0.2.9\n");

    assertThat(
            SystemResolvers.read(
                resolv, dir.resolve("none"), memory(), u -> u.ip().isLoopbackAddress()))
        .extracting(Object::toString)
        .containsExactly("192.0.2.9:53");
  }

  @Test
  void says_why_when_no_server_is_left() throws IOException {
    Path self = file("self.conf", "nameserver 127.0.0.1\n");
    Path empty = file("empty.conf", "search example\n");

    assertThatThrownBy(() -> SystemResolvers.read(self, dir.resolve("none"), memory(), u -> true))
        .hasMessageContaining(self + " lists only this server itself ([127.0.0.1:53])")
        .hasMessageContaining("no earlier start remembered the upstreams in " + memory())
        .hasMessageContaining("name the upstreams instead");
    assertThatThrownBy(() -> SystemResolvers.read(empty, dir.resolve("none"), memory(), u -> false))
        .hasMessageContaining(empty + " lists no nameserver");
    assertThatThrownBy(() -> SystemResolvers.read(dir.resolve("gone"), empty, memory(), u -> false))
        .hasMessageContaining("gone does not exist");
  }

  /**
   * The recipe: start with {@code --forward system}, then make this server the machine's resolver.
   * The next start finds only itself, and forwards where the first start found.
   */
  @Test
  void the_upstreams_found_are_remembered_for_a_start_that_finds_only_itself() throws IOException {
    Path resolv = file("resolv.conf", "nameserver 192.0.2.1\nnameserver 127.0.0.1\n");
    SystemResolvers.read(resolv, dir.resolve("none"), memory(), u -> u.ip().isLoopbackAddress());
    assertThat(memory()).content().contains("nameserver 192.0.2.1\n").doesNotContain("127.0.0.1");

    file("resolv.conf", "nameserver 127.0.0.1\n");

    assertThat(
            SystemResolvers.read(
                resolv, dir.resolve("none"), memory(), u -> u.ip().isLoopbackAddress()))
        .extracting(Object::toString)
        .containsExactly("192.0.2.1:53");
    assertThat(memory()).content().contains("nameserver 192.0.2.1\n");
  }

  @Test
  void upstreams_found_again_replace_those_remembered() throws IOException {
    SystemResolvers.read(file("a.conf", "nameserver 192.0.2.1\n"), dir, memory(), u -> false);
    SystemResolvers.read(file("b.conf", "nameserver 192.0.2.2\n"), dir, memory(), u -> false);

    assertThat(memory()).content().contains("192.0.2.2").doesNotContain("192.0.2.1");
    assertThat(dir.resolve("state")).isDirectoryNotContaining("glob:**.partial");
  }

  @Test
  void a_memory_that_cannot_be_written_does_not_stop_the_start() throws IOException {
    Path blocked = file("blocked", "a file, not a directory");

    assertThat(
            SystemResolvers.read(
                file("a.conf", "nameserver 192.0.2.1\n"),
                dir,
                blocked.resolve("system-upstreams"),
                u -> false))
        .extracting(Object::toString)
        .containsExactly("192.0.2.1:53");
  }
}
