package io.dockerdns.sftp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * MINA's SFTP subsystem, with listings that show a device, FIFO or socket as what it is. MINA's
 * {@code ls -l} line knows only files, directories and links, so it shows a planted {@code
 * /dev/kmsg} node as an empty regular file; here its line starts with {@code c}, as {@code ls -l}
 * on the host would.
 */
final class SpecialFileListings extends SftpSubsystemFactory {

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
