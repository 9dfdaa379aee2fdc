package io.dockerdns.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockerdns.core.model.Mount;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountTreeTest {

  private final MountTree tree =
      MountTree.of(
          List.of(
              new Mount("bind", "/srv/shared", "/shared", true),
              new Mount("volume", "/v/sql/_data", "/var/log/sql", true),
              new Mount("volume", "/v/archive/_data", "/var/log/sql/archive", false),
              new Mount("tmpfs", "", "/run/cache", true),
              new Mount("bind", "/srv/other", "/shared", true)),
          true);

  @ParameterizedTest(name = "{0} lists {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/            | shared var",
        "/var         | log",
        "/var/log     | sql",
        "/var/log/../ | log",
      })
  void virtual_directories_list_only_what_leads_to_a_mount(String path, String children) {
    assertThat(tree.locate(VirtualPaths.names(path)))
        .isEqualTo(
            new MountTree.VirtualDirectory(new java.util.TreeSet<>(List.of(children.split(" ")))));
  }

  @ParameterizedTest(name = "{0} is in {1} at [{2}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "/shared                      | /srv/shared      | ''",
        "/shared/a/b                  | /srv/shared      | a/b",
        "/var/log/sql/x.log           | /v/sql/_data     | x.log",
        "/var/log/sql/archive         | /v/archive/_data | ''",
        "/var/log/sql/archive/old.gz  | /v/archive/_data | old.gz",
        "/../../shared/./a            | /srv/shared      | a",
      })
  void paths_below_a_mount_point_are_in_the_deepest_mount(String path, String source, String rest) {
    MountTree.Location location = tree.locate(VirtualPaths.names(path));

    assertThat(location).isInstanceOf(MountTree.InMount.class);
    MountTree.InMount in = (MountTree.InMount) location;
    assertThat(in.mount().source()).hasToString(source);
    assertThat(String.join("/", in.rest())).isEqualTo(rest);
  }

  @Test
  void a_mount_holding_another_mount_shows_it_in_its_listing() {
    MountTree.InMount sql = (MountTree.InMount) tree.locate(List.of("var", "log", "sql"));

    assertThat(sql.nestedMounts()).containsExactly("archive");
  }

  @ParameterizedTest
  @CsvSource({"/etc/passwd", "/var/lib", "/run/cache", "/run", "/sharedX"})
  void everything_else_is_missing(String path) {
    assertThat(tree.locate(VirtualPaths.names(path))).isEqualTo(new MountTree.Missing());
  }

  @Test
  void writes_need_both_the_server_and_the_mount_to_allow_them() {
    List<Mount> mounts =
        List.of(new Mount("bind", "/a", "/rw", true), new Mount("bind", "/b", "/ro", false));

    assertThat(MountTree.of(mounts, true).mounts())
        .extracting(MountTree.MountPoint::displayPath, MountTree.MountPoint::writable)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("/rw", true),
            org.assertj.core.groups.Tuple.tuple("/ro", false));
    assertThat(MountTree.of(mounts, false).mounts())
        .allSatisfy(m -> assertThat(m.writable()).isFalse());
  }

  @Test
  void the_first_of_two_mounts_on_one_destination_wins() {
    MountTree.InMount shared = (MountTree.InMount) tree.locate(List.of("shared"));

    assertThat(shared.mount().source()).hasToString("/srv/shared");
  }
}
