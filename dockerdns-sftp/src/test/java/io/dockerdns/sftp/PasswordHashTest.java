package io.dockerdns.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHashTest {

  @Test
  void a_hash_matches_its_password_only() {
    PasswordHash hash = PasswordHash.of("correct horse".toCharArray());

    assertThat(hash.matches("correct horse".toCharArray())).isTrue();
    assertThat(hash.matches("correct horsE".toCharArray())).isFalse();
    assertThat(hash.matches(new char[0])).isFalse();
    assertThat(hash.matches(null)).isFalse();
  }

  @Test
  void the_written_form_reads_back_and_salts_differ() {
    PasswordHash hash = PasswordHash.of("pw".toCharArray());
    PasswordHash again = PasswordHash.of("pw".toCharArray());

    assertThat(PasswordHash.parse(hash.toString())).isEqualTo(hash);
    assertThat(PasswordHash.parse(hash.toString()).matches("pw".toCharArray())).isTrue();
    assertThat(hash.toString()).startsWith("pbkdf2-sha256$600000$").isNotEqualTo(again.toString());
  }

  @Test
  void an_empty_password_cannot_be_hashed() {
    assertThatThrownBy(() -> PasswordHash.of(new char[0]))
        .hasMessage("an empty password cannot be used");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "hunter2                                       | a password hash looks like",
        "bcrypt$10$abc$def                             | a password hash looks like",
        "pbkdf2-sha256$many$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA | iteration count 'many' is not a number",
        "pbkdf2-sha256$1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA | at least 10000 are needed",
        "pbkdf2-sha256$600000$!!$aGFzaGhhc2hoYXNoaGFzaA        | salt '!!' is not base64",
        "pbkdf2-sha256$600000$c2FsdA$aGFzaA                    | salt or hash is too short",
      })
  void a_malformed_hash_says_what_is_wrong(String text, String message) {
    assertThatThrownBy(() -> PasswordHash.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
