package io.dockerdns.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The page as first sent: the table, the freshness badge and the count already filled in from the
 * registry as it is, so a browser without JavaScript, a one-shot screenshot or {@code curl} sees
 * the data; the page's script takes over with the first event. The same data rides along as a JSON
 * data block (never run: the page's policy runs only its own script), so the filter works before
 * that event. Every value is escaped: containers choose their own names and labels.
 */
final class FirstScreen {

  static final String BADGE = "<span id=\"freshness\" class=\"never-synced\">connecting…</span>";
  static final String ROWS = "<tbody id=\"containers\"></tbody>";
  static final String COUNT = "<span id=\"count\" class=\"muted\"></span>";
  static final String ENGINE_HEADER = "<th class=\"engine\">engine</th>";
  static final String SCRIPT = "<script>";

  private final String template;

  /** A page whose markup holds the four placeholders above, and one script. */
  FirstScreen(String template) {
    for (String placeholder : List.of(BADGE, ROWS, COUNT, ENGINE_HEADER, SCRIPT)) {
      if (!template.contains(placeholder)) {
        throw new IllegalArgumentException("the console page lacks " + placeholder);
      }
    }
    this.template = template;
  }

  /**
   * The page for {@code view} (freshness and container documents, as {@code /containers} gives
   * them), {@code json} its JSON text.
   */
  String render(Map<String, Object> view, String json) {
    Map<String, Object> freshness = map(view.get("freshness"));
    List<Map<String, Object>> containers = list(view.get("containers"));
    Map<String, Object> sources = map(freshness.getOrDefault("sources", Map.of()));
    boolean several = sources.size() > 1;
    StringBuilder rows = new StringBuilder("<tbody id=\"containers\">");
    for (Map<String, Object> c : containers) {
      rows.append(row(c, several));
    }
    rows.append("</tbody>");
    String status = String.valueOf(freshness.get("status"));
    return template
        .replace(
            BADGE,
            "<span id=\"freshness\" class=\""
                + escape(status)
                + "\">"
                + escape(badge(freshness))
                + "</span>")
        .replace(ROWS, rows)
        .replace(
            COUNT,
            "<span id=\"count\" class=\"muted\">"
                + containers.size()
                + " of "
                + containers.size()
                + " containers</span>")
        .replace(ENGINE_HEADER, several ? ENGINE_HEADER : "<th class=\"engine\" hidden>engine</th>")
        .replace(
            SCRIPT,
            "<script type=\"application/json\" id=\"first\">"
                // "<" only occurs inside JSON strings, where its escape (backslash u003c) means the
                // same.
                + json.replace("<", "\\u003c")
                + "</script>\n"
                + SCRIPT);
  }

  private static String badge(Map<String, Object> f) {
    String status = String.valueOf(f.get("status"));
    String text =
        switch (status) {
          case "in-sync" -> "in sync";
          case "stale" -> "stale since " + f.get("staleSince");
          default -> "not synced yet";
        };
    return f.containsKey("reason") ? text + ": " + f.get("reason") : text;
  }

  private static String row(Map<String, Object> c, boolean several) {
    // The same element the page's script draws, so its first draw keeps the rows that match.
    StringBuilder row = new StringBuilder("<tr data-name=\"").append(escape(c.get("name")));
    row.append("\" data-engine=\"").append(escape(c.get("engine")));
    row.append(c.containsKey("leftOut") ? "\" class=\"left-out\">" : "\">");
    cell(row, List.of(String.valueOf(c.get("name"))));
    cell(row, List.of(String.valueOf(c.get("hostname"))));
    cell(row, List.of(String.valueOf(c.get("image"))));
    List<String> addresses = new ArrayList<>();
    map(c.get("networks"))
        .forEach((net, ips) -> list(ips).forEach(ip -> addresses.add(ip + " (" + net + ")")));
    cell(row, addresses);
    List<String> ports = new ArrayList<>();
    for (Map<String, Object> p : FirstScreen.<Map<String, Object>>list(c.get("ports"))) {
      ports.add(
          p.get("hostIp")
              + ":"
              + p.get("hostPort")
              + " → "
              + p.get("containerPort")
              + "/"
              + p.get("protocol"));
    }
    cell(row, ports);
    List<String> volumes = new ArrayList<>();
    for (Map<String, Object> m : FirstScreen.<Map<String, Object>>list(c.get("mounts"))) {
      volumes.add(m.get("destination") + (Boolean.TRUE.equals(m.get("writable")) ? "" : " (ro)"));
    }
    cell(row, volumes);
    cell(row, FirstScreen.<String>list(c.get("dnsNames")));
    cell(row, List.of(health(c)));
    if (several) {
      cell(row, List.of(String.valueOf(c.get("engine"))));
    }
    return row.append("</tr>").toString();
  }

  /** As the page's script says it: empty for a container without a check that answers. */
  private static String health(Map<String, Object> c) {
    if (c.containsKey("leftOut")) {
      return "left out: " + c.get("leftOut");
    }
    return "none".equals(c.get("health")) ? "" : String.valueOf(c.get("health"));
  }

  private static void cell(StringBuilder row, List<String> values) {
    row.append("<td>");
    if (values.size() > 1) {
      row.append("<ul>");
      values.forEach(v -> row.append("<li>").append(escape(v)).append("</li>"));
      row.append("</ul>");
    } else if (!values.isEmpty()) {
      row.append(escape(values.get(0)));
    }
    row.append("</td>");
  }

  static String escape(Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object value) {
    return value instanceof List<?> l ? (List<T>) l : List.of();
  }
}
