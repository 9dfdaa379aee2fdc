package io.dockerdns.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path confinement on real directories: {@code outside/} plays the host, {@code volume/} the mount
 * a container controls (and plants links in).
 */
class ConfinedMountTest {

  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);

  @TempDir Path temp;
  private Path volume;
  private Path outside;

  @BeforeEach
  void plant() throws IOException {
    volume = Files.createDirectories(temp.resolve("volume"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "host secret", UTF_8);
    Files.createDirectories(volume.resolve("app/logs"));
    Files.writeString(volume.resolve("app/logs/today.log"), "inside", UTF_8);
    Files.createSymbolicLink(volume.resolve("to-root"), Path.of("/"));
    Files.createSymbolicLink(volume.resolve("to-outside"), outside);
    Files.createSymbolicLink(volume.resolve("app/up"), Path.of("../../outside"));
    Files.createSymbolicLink(volume.resolve("app/up-secret"), Path.of("../../outside/secret"));
    Files.createSymbolicLink(volume.resolve("app/missing-outside"), Path.of("../../nothing"));
    Files.createSymbolicLink(volume.resolve("latest.log"), Path.of("app/logs/today.log"));
    Files.createSymbolicLink(volume.resolve("logs"), Path.of("/data/app/logs"));
    Files.createSymbolicLink(volume.resolve("loop"), Path.of("loop"));
  }

  private final List<Handle> handles = new ArrayList<>();

  @AfterEach
  void closeHandles() {
    handles.forEach(Handle::close);
  }

  private ConfinedMount mount(boolean writable) throws IOException {
    Handle root = Handle.directoryAt(volume);
    handles.add(root);
    return new ConfinedMount(
        new MountTree.MountPoint(List.of("data"), volume, writable), root, () -> true);
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
  }

  private static List<String> names(String relative) {
    return List.of(relative.split("/"));
  }

  private static String read(ConfinedMount mount, String relative) throws IOException {
    try (SeekableByteChannel channel = mount.open(names(relative), READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      channel.read(buffer);
      return new String(buffer.array(), 0, buffer.position(), UTF_8);
    }
  }

  @Test
  void reads_files_and_follows_links_that_stay_in_the_mount() throws IOException {
    ConfinedMount mount = mount(false);

    assertThat(read(mount, "app/logs/today.log")).isEqualTo("inside");
    assertThat(read(mount, "latest.log")).isEqualTo("inside");
    assertThat(read(mount, "logs/today.log")).isEqualTo("inside"); // absolute, via /data
    assertThat(mount.realNames(names("latest.log"))).containsExactly("app", "logs", "today.log");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "to-root/etc/passwd",
        "to-outside/secret",
        "app/up/secret",
        "app/up-secret",
        "app/missing-outside",
        "../outside/secret",
        "app/../../outside/secret",
        "loop",
      })
  void nothing_outside_the_mount_is_read_and_outside_looks_missing(String path) throws IOException {
    ConfinedMount mount = mount(false);

    assertThatThrownBy(() -> read(mount, path))
        .isInstanceOf(java.nio.file.FileSystemException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("host secret"));
    assertThatThrownBy(() -> mount.attributes(names(path), true))
        .isInstanceOf(java.nio.file.FileSystemException.class);
  }

  @Test
  void an_existing_and_a_missing_outside_file_give_the_same_error() throws IOException {
    ConfinedMount mount = mount(false);

    assertThatThrownBy(() -> read(mount, "app/up-secret"))
        .isExactlyInstanceOf(NoSuchFileException.class)
        .hasMessage("/data/app/up-secret");
    assertThatThrownBy(() -> read(mount, "app/missing-outside"))
        .isExactlyInstanceOf(NoSuchFileException.class)
        .hasMessage("/data/app/missing-outside");
  }

  @Test
  void a_listing_through_an_escaping_link_is_refused() throws IOException {
    ConfinedMount mount = mount(false);

    assertThat(mount.list(List.of("app")))
        .containsExactlyInAnyOrder("logs", "up", "up-secret", "missing-outside");
    assertThatThrownBy(() -> mount.list(names("to-outside")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> mount.list(names("app/up"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void links_are_stat_ed_without_following_them_when_asked() throws IOException {
    ConfinedMount mount = mount(false);

    assertThat(mount.attributes(names("to-root"), false).isSymbolicLink()).isTrue();
    assertThat(mount.readLink(names("to-root"))).isEqualTo("/");
  }

  @Test
  void read_only_mounts_refuse_every_change() throws IOException {
    ConfinedMount mount = mount(false);
    Set<OpenOption> write = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE);

    assertThatThrownBy(() -> mount.open(names("new.txt"), write))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> mount.delete(names("app/logs/today.log")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> mount.createDirectory(names("dir")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> mount.move(names("latest.log"), names("renamed"), false))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                mount
                    .attributeView(names("app"), true)
                    .setPermissions(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(volume.resolve("app/logs/today.log")).exists();
  }

  @Test
  void writable_mounts_write_inside_and_never_through_links() throws IOException {
    ConfinedMount mount = mount(true);
    Set<OpenOption> create = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);

    try (SeekableByteChannel channel = mount.open(names("app/new.txt"), create)) {
      channel.write(ByteBuffer.wrap("written".getBytes(UTF_8)));
    }
    mount.createDirectory(names("app/made"));
    mount.move(names("app/new.txt"), names("app/made/moved.txt"), false);
    assertThat(volume.resolve("app/made/moved.txt")).hasContent("written");
    assertThatThrownBy(() -> mount.createDirectory(names("app/made")))
        .isInstanceOf(FileAlreadyExistsException.class);
    mount.delete(names("app/made/moved.txt"));
    mount.delete(names("app/made"));
    assertThat(volume.resolve("app/made")).doesNotExist();

    assertThatThrownBy(() -> mount.open(names("to-outside/planted"), create))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> mount.createDirectory(names("to-outside/planted")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> mount.move(names("latest.log"), names("app/up/stolen"), false))
        .isInstanceOf(NoSuchFileException.class);
    // Removing a link removes the link, not what it points to.
    mount.delete(names("to-outside"));
    assertThat(outside.resolve("secret")).hasContent("host secret");
    assertThat(outside.toFile().list()).containsExactly("secret");
    assertThat(volume.toFile().list()).noneMatch(name -> name.startsWith(".dockerdns"));
  }

  @Test
  void a_directory_swapped_for_a_link_while_reads_run_never_reads_outside() throws Exception {
    ConfinedMount mount = mount(false);
    Path swapped = volume.resolve("swap");
    Path aside = volume.resolve("swap-dir");
    Files.createDirectories(aside);
    Files.writeString(aside.resolve("secret"), "volume file", UTF_8);
    Path link = volume.resolve("swap-link");
    Files.createSymbolicLink(link, outside);
    AtomicBoolean stop = new AtomicBoolean();
    Thread swapper =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  Files.move(aside, swapped);
                  Files.move(swapped, aside);
                  Files.move(link, swapped);
                  Files.move(swapped, link);
                } catch (IOException e) {
                  // a read held the name for a moment; keep swapping
                }
              }
            });
    swapper.start();
    int insideReads = 0;
    try {
      for (int i = 0; i < 20_000; i++) {
        try {
          String text = read(mount, "swap/secret");
          assertThat(text).isEqualTo("volume file");
          insideReads++;
        } catch (java.nio.file.FileSystemException expected) {
          // missing at that instant, or refused: both fine
        }
      }
    } finally {
      stop.set(true);
      swapper.join();
    }
    assertThat(insideReads).isPositive(); // the race was real: some reads hit the directory
  }

  /** A planted device node is shown as a device and never opened (its driver's open never runs). */
  @Test
  void a_device_node_is_refused_without_being_opened() throws Exception {
    run("mknod", volume.resolve("null-device").toString(), "c", "1", "3"); // /dev/null's numbers
    run("mknod", volume.resolve("kmsg").toString(), "c", "1", "11"); // /dev/kmsg's numbers
    ConfinedMount mount = mount(true);
    Set<OpenOption> write = Set.of(StandardOpenOption.WRITE);

    assertThatThrownBy(() -> read(mount, "kmsg"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("character device");
    assertThatThrownBy(() -> mount.open(names("null-device"), write))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("character device");
    assertThatThrownBy(
            () ->
                mount
                    .attributeView(names("kmsg"), true)
                    .setPermissions(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(mount.attributes(names("kmsg"), true).isOther()).isTrue();
    assertThat(mount.specialFileLetter(names("kmsg"))).isEqualTo('c');
  }

  /** Opening a FIFO would block a server thread until a writer came; it is refused at once. */
  @Test
  @Timeout(30) // a hang guard, not a measurement: the old code never returned
  void a_fifo_is_refused_at_once() throws Exception {
    run("mkfifo", volume.resolve("pipe").toString());
    ConfinedMount mount = mount(true);

    assertThatThrownBy(() -> read(mount, "pipe"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("FIFO");
    assertThatThrownBy(
            () ->
                mount.open(
                    names("pipe"), Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE)))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(mount.specialFileLetter(names("pipe"))).isEqualTo('p');
  }

  /**
   * A link that climbs a deep chain of directories and back with {@code ..} used to restart the
   * walk from the root at every {@code ..}: seconds of CPU per request. Each {@code ..} is now one
   * step back, and a path with more names than the walk allows is refused.
   */
  @Test
  @Timeout(30) // a hang guard, not a measurement
  void a_link_full_of_dot_dots_costs_one_step_per_name() throws Exception {
    StringBuilder deep = new StringBuilder("bomb");
    for (int i = 0; i < 200; i++) {
      deep.append("/d");
    }
    Files.createDirectories(volume.resolve(deep.toString()));
    String down = deep.substring("bomb/".length());
    String back = "../".repeat(200);
    Files.createSymbolicLink(volume.resolve("bomb/hop"), Path.of(down + "/" + back + "hop2"));
    Files.createSymbolicLink(volume.resolve("bomb/hop2"), Path.of(down + "/" + back + "target"));
    Files.writeString(volume.resolve("bomb/target"), "reached", UTF_8);
    // Three links of 2,041 names each (a link holds at most 4,095 bytes): 6,000 names in all.
    Files.createSymbolicLink(volume.resolve("bomb/too-long"), Path.of("./".repeat(2040) + "l2"));
    Files.createSymbolicLink(volume.resolve("bomb/l2"), Path.of("./".repeat(2040) + "l3"));
    Files.createSymbolicLink(volume.resolve("bomb/l3"), Path.of("./".repeat(2040) + "target"));
    ConfinedMount mount = mount(false);

    for (int i = 0; i < 200; i++) {
      assertThat(read(mount, "bomb/hop")).isEqualTo("reached");
    }
    assertThatThrownBy(() -> read(mount, "bomb/too-long"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("names to walk");
  }

  @Test
  void a_walk_stops_when_its_session_ends() throws IOException {
    Handle root = Handle.directoryAt(volume);
    handles.add(root);
    ConfinedMount closed =
        new ConfinedMount(
            new MountTree.MountPoint(List.of("data"), volume, false), root, () -> false);

    assertThatThrownBy(() -> read(closed, "app/logs/today.log"))
        .hasMessageContaining("session is closed");
  }

  @Test
  void names_with_control_characters_are_neither_listed_nor_served() throws IOException {
    Files.writeString(volume.resolve("app/evil\nname"), "forged", UTF_8);
    Files.writeString(volume.resolve("app/bell\u0007"), "forged", UTF_8);
    ConfinedMount mount = mount(false);

    assertThat(mount.list(List.of("app"))).doesNotContain("evil\nname", "bell\u0007");
    assertThatThrownBy(() -> read(mount, "app/evil\nname")).isInstanceOf(NoSuchFileException.class);
  }
}
