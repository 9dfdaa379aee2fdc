package io.dockerdns.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;

/**
 * What an {@code ssh NAME@HOST command} or an interactive {@code ssh} gets: one line saying this
 * server serves SFTP only, and exit status 1. Nothing is run. Without it MINA refuses with a WARN
 * in the server's log for every attempt, and the user sees only "exec request failed".
 */
final class SftpOnly implements CommandFactory, ShellFactory {

  static final String MESSAGE =
      "dockerdns serves SFTP only: use sftp (or scp, which speaks SFTP since OpenSSH 9);"
          + " commands and shells are not run\n";

  @Override
  public Command createCommand(ChannelSession channel, String command) {
    return new Refusal();
  }

  @Override
  public Command createShell(ChannelSession channel) {
    return new Refusal();
  }

  private static final class Refusal implements Command {
    private OutputStream err;
    private ExitCallback exit;

    @Override
    public void setInputStream(InputStream in) {}

    @Override
    public void setOutputStream(OutputStream out) {}

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      err.write(MESSAGE.getBytes(StandardCharsets.UTF_8));
      err.flush();
      exit.onExit(1, "SFTP only");
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
