package io.dockerdns.sftp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password kept only as a PBKDF2-HMAC-SHA256 hash, written {@code
 * pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in unpadded base64). {@code dockerdns
 * hash-password} makes one; the SFTP server accepts a password only when it matches, compared in
 * constant time.
 */
public final class PasswordHash {

  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a login costs a few hundred milliseconds. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int MIN_ITERATIONS = 10_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /**
   * Reads a hash as {@link #toString()} writes it.
   *
   * @throws IllegalArgumentException saying which part is wrong
   */
  public static PasswordHash parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.strip().split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException(
          "a password hash looks like "
              + SCHEME
              + "$ITERATIONS$SALT$HASH (make one with `dockerdns hash-password`)");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the password hash's iteration count '" + parts[1] + "' is not a number", e);
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "the password hash uses "
              + iterations
              + " iterations; at least "
              + MIN_ITERATIONS
              + " are needed to slow down guessing");
    }
    byte[] salt = decode(parts[2], "salt");
    byte[] hash = decode(parts[3], "hash");
    if (salt.length < 8 || hash.length < 16) {
      throw new IllegalArgumentException("the password hash's salt or hash is too short");
    }
    return new PasswordHash(iterations, salt, hash);
  }

  /** A new hash of {@code password} with a random salt. */
  public static PasswordHash of(char[] password) {
    requireNotEmpty(password);
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(
        DEFAULT_ITERATIONS, salt, derive(password, salt, DEFAULT_ITERATIONS, HASH_BYTES));
  }

  /** Whether {@code password} is the one hashed; an empty password never matches. */
  public boolean matches(char[] password) {
    if (password == null || password.length == 0) {
      return false;
    }
    return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
  }

  @Override
  public String toString() {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  private static void requireNotEmpty(char[] password) {
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("an empty password cannot be used");
    }
  }

  private static byte[] decode(String base64, String part) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the password hash's " + part + " '" + base64 + "' is not base64", e);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PasswordHash that
        && iterations == that.iterations
        && Arrays.equals(salt, that.salt)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }
}
