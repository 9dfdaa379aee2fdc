package io.dockerdns.core.match;

import java.util.List;

/**
 * What a name resolves to. "No such name" is a result, not an exception: the DNS server turns each
 * kind into its rcode, the CLI into its exit code.
 */
public sealed interface Resolution {

  /** The name has data of the asked type. */
  record Found(List<Answer> answers) implements Resolution {
    public Found {
      answers = List.copyOf(answers);
      if (answers.isEmpty()) {
        throw new IllegalArgumentException("Found needs at least one answer; use NoData");
      }
    }
  }

  /** The name exists but has no data of the asked type (DNS NODATA). */
  record NoData() implements Resolution {}

  /** No running container answers to the name (DNS NXDOMAIN). */
  record NoSuchName() implements Resolution {}

  /** The name is not under the configured domain nor a reverse name: not ours to answer. */
  record OutOfZone() implements Resolution {}

  Resolution NO_DATA = new NoData();
  Resolution NO_SUCH_NAME = new NoSuchName();
  Resolution OUT_OF_ZONE = new OutOfZone();
}
