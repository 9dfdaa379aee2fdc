package io.dockerdns.examples;

import java.util.Optional;

/**
 * The examples' argument checks: a wrong call prints how to run the example and exits 2, instead of
 * a stack trace.
 */
final class Usage {

  /** How every example is run from a checkout, after {@code mvn -q -pl examples -am package}. */
  static final String CLASSPATH =
      "java -cp dockerdns-cli/target/dockerdns.jar:examples/target/classes";

  private final String example;
  private final String arguments;

  Usage(String example, String arguments) {
    this.example = example;
    this.arguments = arguments;
  }

  /** The arguments when there are {@code min} to {@code max} of them; else usage and exit 2. */
  String[] check(String[] args, int min, int max) {
    if (args.length < min || args.length > max) {
      fail(args.length < min ? "missing arguments" : "too many arguments");
    }
    return args;
  }

  /** A whole number of seconds, or usage and exit 2. */
  long seconds(String text) {
    try {
      long value = Long.parseLong(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    fail("'" + text + "' is not a number of seconds");
    return 0;
  }

  /** Prints what was wrong and how to run the example, then exits 2. */
  void fail(String what) {
    System.err.println(example + ": " + what);
    System.err.println(
        "usage: " + CLASSPATH + " io.dockerdns.examples." + example + " " + arguments);
    System.err.println("(build first: mvn -q -pl examples -am package -DskipTests)");
    System.exit(2);
  }

  static Optional<String> arg(String[] args, int index) {
    return args.length > index ? Optional.of(args[index]) : Optional.empty();
  }
}
