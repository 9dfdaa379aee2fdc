package io.dockerdns.sftp;

import io.dockerdns.core.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A running container's own view of its files: {@code /proc/PID/root} of its main process. The
 * kernel resolved each bind mount and volume there when the container started, so what a login
 * reaches from this root is what the container sees, whatever is done later to the host paths its
 * mounts came from (a container can replace a mount's source directory with a link to {@code /}
 * when that source lies inside another mount it can write). Host paths are never opened.
 *
 * <p>Fails closed: where that view cannot be reached (dockerdns is not on the engine's host or in
 * its process namespace, lacks the rights, or the process is not the container's), there is no SFTP
 * for that container, with one line that says why.
 */
final class ContainerRoot {

  private ContainerRoot() {}

  /**
   * Opens the root directory of {@code container}'s main process.
   *
   * @throws FileSystemException with the reason when the view cannot be reached
   */
  static Handle open(Container container) throws IOException {
    OpenAt.requireAvailable();
    int pid = container.pid();
    if (pid <= 0) {
      throw refused(container, "the engine gave no process id for it");
    }
    Path proc = Path.of("/proc", Integer.toString(pid));
    Handle process;
    try {
      process = Handle.directoryAt(proc);
    } catch (NoSuchFileException e) {
      throw refused(
          container,
          "its process "
              + pid
              + " is not visible here: SFTP must run on the engine's host, in the host's process"
              + " namespace");
    }
    // The open /proc/PID entry is that process: if it ends, and its number goes to another
    // process, reads through this handle fail instead of reaching the newcomer.
    try (process) {
      String cgroup = Files.readString(process.child("cgroup"), StandardCharsets.UTF_8);
      if (!cgroup.contains(container.id())) {
        throw refused(
            container,
            "process "
                + pid
                + " is not in the container's control group (is the engine on this"
                + " host?)");
      }
      try {
        return process.directoryFollowing("root");
      } catch (AccessDeniedException e) {
        throw refused(
            container,
            "no rights to "
                + proc
                + "/root: SFTP needs root, or the engine's own user for rootless Docker");
      } catch (NoSuchFileException e) {
        throw refused(container, "its process " + pid + " ended");
      }
    } catch (NoSuchFileException e) {
      throw refused(container, "its process " + pid + " ended");
    }
  }

  private static FileSystemException refused(Container container, String why) {
    return new FileSystemException(
        container.name(), null, "SFTP cannot reach container " + container.name() + ": " + why);
  }
}
