package io.dockerdns.core.model;

import java.util.Locale;

/** Docker's container lifecycle states. */
public enum ContainerState {
  CREATED,
  RESTARTING,
  RUNNING,
  PAUSED,
  REMOVING,
  EXITED,
  DEAD;

  /** Running or paused: the container holds its addresses and is named in DNS. */
  public boolean isUp() {
    return this == RUNNING || this == PAUSED;
  }

  /**
   * Parses Docker's {@code State.Status} string.
   *
   * @throws IllegalArgumentException naming the value when Docker reports a state we do not know
   */
  public static ContainerState fromDocker(String status) {
    try {
      return valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown container state '" + status + "'", e);
    }
  }
}
