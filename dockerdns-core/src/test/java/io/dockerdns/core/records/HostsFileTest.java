package io.dockerdns.core.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockerdns.core.model.IpAddresses;
import io.dockerdns.core.model.StaticRecord;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {

  @TempDir Path dir;

  @Test
  void reads_each_name_of_each_line_and_says_which_lines_and_names_it_left_out() {
    HostsFile.Reading reading =
        HostsFile.parse(
            """
            # the office
            10.0.0.5   printer printer.office.docker   # the one by the door
            fd00::10\tnas

            10.0.0.6
            not-an-address  foo
            10.0.0.7 good bad..name
            """,
            "hosts",
            List.of("docker"));

    assertThat(reading.records())
        .extracting(r -> r.key() + "=" + IpAddresses.format(r.address()) + " " + r.origin())
        .containsExactly(
            "printer=10.0.0.5 hosts:2",
            "printer.office=10.0.0.5 hosts:2",
            "nas=fd00::10 hosts:3",
            "good=10.0.0.7 hosts:7");
    assertThat(reading.problems())
        .containsExactly(
            "hosts:5: an address without a name; the line is left out",
            "hosts:6: 'not-an-address' is not an IP address; the line is left out",
            "hosts:7: record name 'bad..name' has an invalid label ''; the name is left out");
  }

  @Test
  void a_special_file_is_never_read_and_a_huge_one_is_refused() throws IOException {
    assertThatThrownBy(() -> HostsFile.read(Path.of("/dev/zero"), List.of("docker")))
        .hasMessage("/dev/zero is not a regular file");
    assertThatThrownBy(() -> HostsFile.read(dir, List.of("docker")))
        .hasMessageEndingWith("is not a regular file");
    assertThatThrownBy(() -> HostsFile.read(dir.resolve("none"), List.of("docker")))
        .hasMessageEndingWith("none does not exist");
    Path huge = dir.resolve("huge");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(HostsFile.MAX_BYTES + 1); // sparse: nothing is written
    }
    assertThatThrownBy(() -> HostsFile.read(huge, List.of("docker")))
        .hasMessageEndingWith("is larger than 16 MB");
  }

  @Test
  void record_names_are_checked_as_dns_names() {
    assertThat(StaticRecord.key("Nas.Docker.", List.of("docker"))).isEqualTo("nas");
    assertThatThrownBy(() -> StaticRecord.parse("nas", List.of("docker"), "x"))
        .hasMessage("record 'nas' is not NAME=ADDRESS");
    assertThatThrownBy(() -> StaticRecord.parse("docker=10.0.0.1", List.of("docker"), "x"))
        .hasMessage("record name 'docker' names nothing under the domain");
    assertThatThrownBy(() -> StaticRecord.parse("a b=10.0.0.1", List.of("docker"), "x"))
        .hasMessage("record name 'a b' has an invalid label 'a b'");
    assertThatThrownBy(() -> StaticRecord.parse("x=111", List.of("docker"), "x"))
        .hasMessage("record 'x=111': '111' is not an IP address");
  }

  @Test
  void a_record_may_not_take_a_name_form_that_would_never_reach_it() {
    // Both would be accepted and never answer: the resolver reads these forms first.
    assertThatThrownBy(() -> StaticRecord.parse("_80._tcp.web=10.0.0.1", List.of("docker"), "x"))
        .hasMessage(
            "record name '_80._tcp.web' is an SRV question's form (_PORT._PROTO.NAME), which"
                + " records do not answer");
    assertThatThrownBy(() -> StaticRecord.parse("1-2-3-4.host=10.0.0.1", List.of("docker"), "x"))
        .hasMessage(
            "record name '1-2-3-4.host' is a Docker host address's form (A-B-C-D.host), which"
                + " answers that address");
    // Near them, but names the resolver does look up.
    assertThat(StaticRecord.key("my_host.hosts", List.of("docker"))).isEqualTo("my_host.hosts");
    assertThat(StaticRecord.key("printer.host", List.of("docker"))).isEqualTo("printer.host");
    assertThat(StaticRecord.key("_ldap.office", List.of("docker"))).isEqualTo("_ldap.office");
  }
}
