package io.dockerdns.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Which known words a mistyped one was probably meant to be: options, commands, config keys. */
final class Likeness {

  private Likeness() {}

  /**
   * The candidates a typo away from {@code word} (within half its length, at least 2 edits), or
   * that it begins (an abbreviation), nearest first.
   */
  static List<String> nearest(String word, Collection<String> candidates) {
    int near = Math.max(2, word.length() / 2);
    return candidates.stream()
        .filter(candidate -> away(word, candidate) <= near)
        .sorted(Comparator.comparingInt(candidate -> away(word, candidate)))
        .toList();
  }

  private static int away(String word, String candidate) {
    return candidate.startsWith(word) ? 1 : distance(word, candidate);
  }

  /** Edits (insert, delete, replace, swap of neighbours) from one word to the other. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        int replace = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + replace);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
