package io.dockerdns.core.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The OpenSSH client programs, run the way a user runs them, against a server on loopback. */
public final class OpenSsh {

  /** What a client printed and how it exited. */
  public record Result(int exitCode, String out, String err) {
    public String all() {
      return out + err;
    }

    /** The lines a batch printed, without the commands it echoes ({@code sftp> ...}). */
    public List<String> listed() {
      return out.lines().filter(line -> !line.startsWith("sftp>")).toList();
    }
  }

  private final Path directory;

  public OpenSsh(Path directory) {
    this.directory = directory;
  }

  /** Makes an ed25519 key pair without a passphrase; returns the private key file. */
  public Path newKey(String name) throws IOException {
    Path key = directory.resolve(name);
    Result made =
        run(
            List.of(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()));
    if (made.exitCode() != 0) {
      throw new IOException("ssh-keygen failed: " + made.all());
    }
    return key;
  }

  public static String publicKey(Path privateKey) throws IOException {
    return Files.readString(Path.of(privateKey + ".pub"), UTF_8).strip();
  }

  /** {@code sftp -b} with the commands, as {@code user}, offering only {@code key}. */
  public Result sftp(int port, String user, Path key, String... commands) throws IOException {
    Path batch = Files.createTempFile(directory, "batch", ".txt");
    Files.write(batch, List.of(commands), UTF_8);
    List<String> command =
        new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-P", "" + port));
    command.addAll(clientOptions(key));
    command.add(user + "@127.0.0.1");
    return run(command);
  }

  /** {@code ssh user@host COMMAND}: a remote command, which the server must refuse. */
  public Result ssh(int port, String user, Path key, String... remoteCommand) throws IOException {
    List<String> command = new ArrayList<>(List.of("ssh", "-p", "" + port, "-T"));
    command.addAll(clientOptions(key));
    command.add(user + "@127.0.0.1");
    command.addAll(List.of(remoteCommand));
    return run(command);
  }

  /** The host key lines {@code ssh-keyscan} sees. */
  public Result keyscan(int port) throws IOException {
    return run(List.of("ssh-keyscan", "-p", "" + port, "127.0.0.1"));
  }

  private static List<String> clientOptions(Path key) {
    List<String> options =
        new ArrayList<>(
            List.of(
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=10",
                "-F", "/dev/null"));
    if (key == null) {
      options.addAll(List.of("-o", "PubkeyAuthentication=no"));
    } else {
      options.addAll(List.of("-o", "IdentitiesOnly=yes", "-i", key.toString()));
    }
    return options;
  }

  private Result run(List<String> command) throws IOException {
    Path out = Files.createTempFile(directory, "out", ".txt");
    Path err = Files.createTempFile(directory, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    return new Result(
        process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
  }
}
