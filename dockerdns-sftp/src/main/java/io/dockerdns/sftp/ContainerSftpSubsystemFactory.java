package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * MINA's SFTP subsystem, with three things told as they are:
 *
 * <ul>
 *   <li>Listings show a device, FIFO or socket as what it is. MINA's {@code ls -l} line knows only
 *       files, directories and links, so it shows a planted {@code /dev/kmsg} node as an empty
 *       regular file; here its line starts with {@code c}, as {@code ls -l} on the host would.
 *   <li>A file whose attributes cannot be read gets the reason, not empty attributes. MINA asks
 *       whether a file exists before reading its attributes, and takes any answer but "no such
 *       file" as "unknown": it would then answer with empty attributes, and a client would take a
 *       refused {@code /proc} mount for an empty file.
 *   <li>An error's message is our reason ("/hostproc: on a proc file system, which SFTP does not
 *       serve"), where MINA would send only the status's name ("Permission denied"). Only reasons
 *       this module wrote about a path the client named are sent: an error from Java about a {@code
 *       /proc/self/fd} path keeps MINA's plain text.
 * </ul>
 */
final class ContainerSftpSubsystemFactory extends SftpSubsystemFactory {

  ContainerSftpSubsystemFactory() {
    setErrorStatusDataHandler(
        new SftpErrorStatusDataHandler() {
          @Override
          public String resolveErrorMessage(
              SftpSubsystemEnvironment sftp,
              int id,
              Throwable e,
              int subStatus,
              int cmd,
              Object... args) {
            return reason(e, sftp.getDefaultDirectory())
                .orElseGet(
                    () ->
                        SftpErrorStatusDataHandler.super.resolveErrorMessage(
                            sftp, id, e, subStatus, cmd, args));
          }
        });
  }

  /**
   * Why a request about a path failed, in our words. MINA checks that a path exists before it opens
   * a directory or makes one, and when the check fails for any reason but "no such file" it says
   * only that it "cannot determine existence": the path's attributes then tell why.
   */
  private static Optional<String> reason(Throwable e, Path home) {
    if (!(e instanceof FileSystemException failure) || !isContainerPath(failure.getFile())) {
      return Optional.empty();
    }
    try {
      FileSystem files = home.getFileSystem();
      files.provider().readAttributes(files.getPath(failure.getFile()), PosixFileAttributes.class);
    } catch (FileSystemException cause) {
      if (cause.getReason() != null && isContainerPath(cause.getFile())) {
        return Optional.of(cause.getMessage());
      }
    } catch (IOException | RuntimeException unreadable) {
      // nothing better to say than the failure itself
    }
    return failure.getReason() != null ? Optional.of(failure.getMessage()) : Optional.empty();
  }

  /** A path as the client named it, not one of the {@code /proc/self/fd} paths we work with. */
  private static boolean isContainerPath(String file) {
    return file != null && file.startsWith("/") && !file.startsWith("/proc/");
  }

  @Override
  public Command createSubsystem(ChannelSession channel) throws IOException {
    SftpSubsystem subsystem = new Subsystem(channel, this);
    GenericUtils.forEach(getRegisteredListeners(), subsystem::addSftpEventListener);
    return subsystem;
  }

  private static final class Subsystem extends SftpSubsystem {
    Subsystem(ChannelSession channel, SftpSubsystemConfigurator configurator) {
      super(channel, configurator);
    }

    @Override
    protected NavigableMap<String, Object> handleUnknownStatusFileAttributes(
        Path file, int flags, LinkOption... options) throws IOException {
      // Read again, so that the provider's reason reaches the client as the request's error.
      file.getFileSystem().provider().readAttributes(file, PosixFileAttributes.class, options);
      return super.handleUnknownStatusFileAttributes(file, flags, options); // readable meanwhile
    }

    @Override
    protected String getLongName(Path file, String shortName, Map<String, ?> attributes)
        throws IOException {
      String line = super.getLongName(file, shortName, attributes);
      if (Boolean.TRUE.equals(attributes.get("isOther"))
          && file instanceof ContainerPath path
          && !line.isEmpty()) {
        return path.getFileSystem().provider().specialFileLetter(path) + line.substring(1);
      }
      return line;
    }
  }
}
