package io.dockerdns.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one kind of setting's value is read: from the command line as text, from the config file as
 * JSON, checked by the same code both times, into the type the settings use.
 *
 * @param <T> the value's type
 */
interface ValueType<T> {

  /** What a value must be, as the object of a sentence: "a whole number from 0 to 65535". */
  String expected();

  /**
   * The value an option's text gives.
   *
   * @throws IllegalArgumentException when it is not one; a message says why beyond {@link
   *     #expected()} (a parser's own reason), or is null
   */
  T fromText(String text);

  /** The value a config file's JSON gives: by default a JSON string, read as text. */
  default T fromJson(JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException();
    }
    return fromText(node.textValue());
  }

  /** Whether a value is a secret: never shown, nor repeated in an error. */
  default boolean secret() {
    return false;
  }

  /** The value as {@code --print-config} shows it. */
  default String show(T value) {
    return String.valueOf(value);
  }
}
