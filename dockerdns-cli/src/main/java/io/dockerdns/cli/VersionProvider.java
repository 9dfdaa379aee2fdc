package io.dockerdns.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;
import picocli.CommandLine;

/** The version and the commit written into the runnable jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "dockerdns " + (version == null ? "(development build)" : version) + commit(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"
    };
  }

  /** {@code , commit 1a2b3c4d5e} (and {@code , with local changes}), or nothing when unknown. */
  private static String commit() {
    Manifest manifest = manifest();
    if (manifest == null) {
      return "";
    }
    String commit = manifest.getMainAttributes().getValue("Build-Commit");
    if (commit == null || commit.isBlank() || commit.startsWith("${")) {
      return "";
    }
    boolean dirty = "true".equals(manifest.getMainAttributes().getValue("Build-Dirty"));
    return ", commit " + commit + (dirty ? " with local changes" : "");
  }

  /** The manifest of the jar this class came from; null when run from classes. */
  private static Manifest manifest() {
    URL self = VersionProvider.class.getResource("VersionProvider.class");
    if (self == null || !"jar".equals(self.getProtocol())) {
      return null;
    }
    String jar = self.toString().substring(0, self.toString().indexOf('!') + 1);
    try (InputStream in = new URL(jar + "/META-INF/MANIFEST.MF").openStream()) {
      return new Manifest(in);
    } catch (IOException e) {
      return null;
    }
  }
}
