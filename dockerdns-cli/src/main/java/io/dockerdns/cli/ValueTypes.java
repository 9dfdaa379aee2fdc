package io.dockerdns.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockerdns.core.docker.EngineSettings;
import io.dockerdns.core.match.NamingConfig;
import io.dockerdns.core.model.IpAddresses;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/** The kinds of values settings have; each checks a value the same way from text and JSON. */
final class ValueTypes {

  private ValueTypes() {}

  /** A whole number from {@code min} to {@code max}. */
  static ValueType<Integer> integer(int min, int max) {
    return new ValueType<>() {
      @Override
      public String expected() {
        return "a whole number from " + min + " to " + max;
      }

      @Override
      public Integer fromText(String text) {
        int value;
        try {
          value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException();
        }
        return inRange(value);
      }

      @Override
      public Integer fromJson(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
          throw new IllegalArgumentException();
        }
        return inRange(node.intValue());
      }

      private Integer inRange(int value) {
        if (value < min || value > max) {
          throw new IllegalArgumentException();
        }
        return value;
      }
    };
  }

  /** A port number, 0 for any free one. */
  static ValueType<Integer> port() {
    return integer(0, 65535);
  }

  /** true or false. */
  static ValueType<Boolean> flag() {
    return new ValueType<>() {
      @Override
      public String expected() {
        return "true or false";
      }

      @Override
      public Boolean fromText(String text) {
        return switch (text.trim()) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new IllegalArgumentException();
        };
      }

      @Override
      public Boolean fromJson(JsonNode node) {
        if (!node.isBoolean()) {
          throw new IllegalArgumentException();
        }
        return node.booleanValue();
      }
    };
  }

  /** An IP address literal. */
  static ValueType<InetAddress> address() {
    return textual(
        "an IP address such as \"127.0.0.1\"",
        text -> IpAddresses.parse(text.trim()).orElseThrow(IllegalArgumentException::new),
        IpAddresses::format);
  }

  /** An address to listen on; the original program's {@code ""} meant every interface. */
  static ValueType<InetAddress> bindInterface() {
    return textual(
        "an IP address such as \"127.0.0.1\", or \"\" for every interface",
        text ->
            IpAddresses.parse(text.isBlank() ? "0.0.0.0" : text.trim())
                .orElseThrow(IllegalArgumentException::new),
        IpAddresses::format);
  }

  /** A file path; {@code ~/} is the home directory, as in a shell. */
  static ValueType<Path> path() {
    return textual(
        "a file path",
        text -> {
          String trimmed = text.trim();
          if (trimmed.isEmpty()) {
            throw new IllegalArgumentException();
          }
          return trimmed.startsWith("~/")
              ? Path.of(System.getProperty("user.home")).resolve(trimmed.substring(2))
              : Path.of(trimmed);
        },
        String::valueOf);
  }

  /** A string as it is. */
  static ValueType<String> text() {
    return textual("a string", text -> text, text -> text);
  }

  /** A secret: read as text, never shown. */
  static <T> ValueType<T> secret(ValueType<T> type) {
    return new ValueType<>() {
      @Override
      public String expected() {
        return type.expected();
      }

      @Override
      public T fromText(String text) {
        return type.fromText(text);
      }

      @Override
      public T fromJson(JsonNode node) {
        return type.fromJson(node);
      }

      @Override
      public boolean secret() {
        return true;
      }

      @Override
      public String show(T value) {
        return "(hidden)";
      }
    };
  }

  /** A domain name, lower case. */
  static ValueType<String> domain() {
    return textual(
        "a domain such as \"docker\"",
        text -> NamingConfig.DEFAULT.withDomain(text.trim()).domain(),
        text -> text);
  }

  /** A Docker Engine address, as the engine settings write it. */
  static ValueType<String> dockerUrl() {
    return textual(
        "a URL such as \"unix:///var/run/docker.sock\"",
        text -> EngineSettings.forUrl(text.trim()).dockerUrl(),
        text -> text);
  }

  /** A value one of the settings' own parsers reads from text (its message says why not). */
  static <T> ValueType<T> parsed(String expected, Function<String, T> parser) {
    return textual(expected, parser, String::valueOf);
  }

  /** As {@link #parsed(String, Function)}, shown as {@code shown} writes it. */
  static <T> ValueType<T> parsed(
      String expected, Function<String, T> parser, Function<T, String> shown) {
    return textual(expected, parser, shown);
  }

  /**
   * Several values: on the command line one per option given, in the file a string or a list of
   * strings.
   */
  static <E> ValueType<List<E>> listOf(ValueType<E> element) {
    return listOf(element, "a string or a list of strings");
  }

  /** As {@link #listOf(ValueType)}, saying what it expects as {@code expected}. */
  static <E> ValueType<List<E>> listOf(ValueType<E> element, String expected) {
    return new ValueType<>() {
      @Override
      public String expected() {
        return expected;
      }

      @Override
      public List<E> fromText(String text) {
        return List.of(element.fromText(text));
      }

      @Override
      public List<E> fromJson(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
          node.forEach(items::add);
        } else {
          items.add(node);
        }
        List<E> values = new ArrayList<>();
        for (JsonNode item : items) {
          values.add(element.fromJson(item));
        }
        return List.copyOf(values);
      }

      @Override
      public String show(List<E> values) {
        return values.stream().map(element::show).toList().toString();
      }
    };
  }

  /** A value read as {@code from} reads it, then turned into another type. */
  static <A, B> ValueType<B> mapped(
      ValueType<A> from, Function<A, B> to, Function<B, A> back, String expected) {
    return new ValueType<>() {
      @Override
      public String expected() {
        return expected;
      }

      @Override
      public B fromText(String text) {
        return to.apply(from.fromText(text));
      }

      @Override
      public B fromJson(JsonNode node) {
        return to.apply(from.fromJson(node));
      }

      @Override
      public boolean secret() {
        return from.secret();
      }

      @Override
      public String show(B value) {
        return from.show(back.apply(value));
      }
    };
  }

  /**
   * A number, or none: empty means "decided otherwise" and is shown (and may be given) as a word.
   */
  static final class OptionalNumber implements ValueType<OptionalInt> {
    private final ValueType<Integer> number;
    private final String none;

    OptionalNumber(ValueType<Integer> number, String none) {
      this.number = number;
      this.none = none;
    }

    @Override
    public String expected() {
      return number.expected() + ", or \"" + none + "\"";
    }

    @Override
    public OptionalInt fromText(String text) {
      return text.trim().equals(none) ? OptionalInt.empty() : OptionalInt.of(number.fromText(text));
    }

    @Override
    public OptionalInt fromJson(JsonNode node) {
      return node.isTextual() && node.textValue().trim().equals(none)
          ? OptionalInt.empty()
          : OptionalInt.of(number.fromJson(node));
    }

    @Override
    public String show(OptionalInt value) {
      return value.isPresent() ? Integer.toString(value.getAsInt()) : none;
    }
  }

  private static <T> ValueType<T> textual(
      String expected, Function<String, T> parser, Function<T, String> shown) {
    return new ValueType<>() {
      @Override
      public String expected() {
        return expected;
      }

      @Override
      public T fromText(String text) {
        return parser.apply(text);
      }

      @Override
      public String show(T value) {
        return shown.apply(value);
      }
    };
  }
}
