package io.dockerdns.cli;

import picocli.CommandLine;

/** The version written into the runnable jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "dockerdns " + (version == null ? "(development build)" : version),
      "Java " + System.getProperty("java.version")
    };
  }
}
