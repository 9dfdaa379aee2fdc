package io.dockerdns.cli;

/**
 * Jackson's parse errors in a hand-editor's words: what is wrong at the place the error names, and
 * what was expected there. Jackson's own message follows after a colon for anything not listed.
 */
final class JsonErrors {

  private JsonErrors() {}

  static String explain(String jackson) {
    String m = jackson == null ? "" : jackson;
    if (m.startsWith("Unexpected end-of-input")) {
      return "the file ends inside "
          + (m.contains("Array") ? "a list: a ']' is missing" : "an object: a '}' is missing")
          + " (or the file was cut short)";
    }
    if (m.contains("was expecting double-quote to start field name")) {
      return m.startsWith("Unexpected character ('}'")
          ? "a ',' before this '}' is not allowed: remove the comma after the last key's value"
          : "a key must be in double quotes, as \"ttl\"";
    }
    if (m.contains("was expecting comma to separate Object entries")) {
      return "a ',' is missing between two keys";
    }
    if (m.contains("was expecting a colon to separate field name and value")) {
      return "a ':' is missing between a key and its value";
    }
    if (m.startsWith("Unrecognized token")) {
      return "a value must be a number, true, false, null, a \"string\", a list or an object ("
          + firstLine(m)
          + ")";
    }
    if (m.contains("Unexpected character (']'")) {
      return "a ',' before this ']' is not allowed, or a value is missing: remove the comma after"
          + " the list's last value";
    }
    if (m.contains("Unexpected character ('}'")) {
      return "a value is missing before this '}'";
    }
    return firstLine(m);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
