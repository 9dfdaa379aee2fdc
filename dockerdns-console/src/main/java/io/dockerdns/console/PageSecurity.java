package io.dockerdns.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers that keep the console's page to itself: a Content-Security-Policy that runs only the
 * page's own inline script and style (by their SHA-256, computed from the page as shipped), talks
 * only to this console, and may not be framed; {@code X-Frame-Options} for browsers that predate
 * {@code frame-ancestors}; no MIME sniffing; no referrer (a token may be in the page's address).
 */
final class PageSecurity {

  private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
  private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

  private final String policy;

  PageSecurity(String page) {
    this.policy =
        "default-src 'none'; script-src "
            + hashes(SCRIPT, page)
            + "; style-src "
            + hashes(STYLE, page)
            + "; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";
  }

  /** The Content-Security-Policy header's value. */
  String policy() {
    return policy;
  }

  /** Sets the headers on a response. */
  void apply(io.javalin.http.Context ctx) {
    ctx.header("Content-Security-Policy", policy);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  private static String hashes(Pattern block, String page) {
    StringBuilder sources = new StringBuilder();
    Matcher m = block.matcher(page);
    while (m.find()) {
      if (sources.length() > 0) {
        sources.append(' ');
      }
      sources.append("'sha256-").append(sha256(m.group(1))).append('\'');
    }
    return sources.length() == 0 ? "'none'" : sources.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
