package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code EXPOSE port[/proto] ...}. */
public record ExposeInstruction(Location location, String original, List<String> ports)
    implements Instruction {

  private static final Pattern PORT =
      Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?(?:/(tcp|udp|sctp))?", Pattern.CASE_INSENSITIVE);

  public ExposeInstruction {
    ports = List.copyOf(ports);
  }

  @Override
  public ExposeInstruction expand(WordExpander e) throws ExpansionException {
    List<String> out = new ArrayList<>();
    for (String p : ports) {
      for (String w : e.word(p).strip().split("\\s+")) {
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
    }
    ExposeInstruction expanded = new ExposeInstruction(location, original, out);
    try {
      expanded.exposedPorts();
    } catch (IllegalArgumentException invalid) {
      throw new ExpansionException(invalid.getMessage());
    }
    return expanded;
  }

  /**
   * The image-config keys ({@code 80/tcp}), ranges expanded; call after {@link #expand}.
   *
   * @throws IllegalArgumentException naming the first port that is not {@code n[-m][/proto]}
   */
  public List<String> exposedPorts() {
    List<String> out = new ArrayList<>();
    for (String p : ports) {
      Matcher m = PORT.matcher(p);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "invalid port '" + p + "'; write a number with an optional /tcp, /udp or /sctp");
      }
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
      if (from < 1 || to > 65535 || to < from) {
        throw new IllegalArgumentException("invalid port range '" + p + "'");
      }
      for (int port = from; port <= to; port++) {
        out.add(port + "/" + proto);
      }
    }
    return out;
  }
}
