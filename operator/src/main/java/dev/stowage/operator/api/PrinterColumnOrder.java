package dev.stowage.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step after fabric8's CRD generator: puts the printer columns of the generated CRD back in
 * the order {@link ImageBuild} declares them, the order kubectl shows them in.
 *
 * <p>The generator (7.5.2) sorts the columns by JSON path, so users would see Age first. The
 * rewrite only moves whole column entries of the YAML text; it fails when a column is unknown.
 */
public final class PrinterColumnOrder {

  private static final Pattern KEY = Pattern.compile("^(\\s*)(- )?additionalPrinterColumns:\\s*$");
  private static final Pattern JSON_PATH = Pattern.compile("jsonPath: \"([^\"]*)\"");

  private PrinterColumnOrder() {}

  /** {@code args[0]}: the generated CRD file, rewritten in place. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <generated CRD file>");
    }
    Path file = Path.of(args[0]);
    Files.writeString(file, reorder(Files.readString(file), declaredJsonPaths()));
  }

  /** The JSON paths of ImageBuild's printer columns, in declaration order. */
  public static List<String> declaredJsonPaths() {
    return Arrays.stream(ImageBuild.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::jsonPath)
        .toList();
  }

  /** {@code yaml} with each printer-column list ordered as {@code jsonPaths}. */
  public static String reorder(String yaml, List<String> jsonPaths) {
    List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
    boolean found = false;
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY.matcher(lines.get(i));
      if (!key.matches() || i + 1 >= lines.size()) {
        continue;
      }
      found = true;
      String first = lines.get(i + 1);
      String indent = first.substring(0, first.length() - first.stripLeading().length());
      List<List<String>> entries = new ArrayList<>();
      int end = i + 1;
      while (end < lines.size()) {
        String line = lines.get(end);
        if (line.startsWith(indent + "- ")) {
          entries.add(new ArrayList<>(List.of(line)));
        } else if (line.startsWith(indent + "  ") && !entries.isEmpty()) {
          entries.getLast().add(line);
        } else {
          break;
        }
        end++;
      }
      entries.sort(Comparator.comparingInt(entry -> position(entry, jsonPaths)));
      List<String> sorted = entries.stream().flatMap(List::stream).toList();
      for (int j = 0; j < sorted.size(); j++) {
        lines.set(i + 1 + j, sorted.get(j));
      }
      i = end - 1;
    }
    if (!found) {
      throw new IllegalStateException("no additionalPrinterColumns in the generated CRD");
    }
    return String.join("\n", lines);
  }

  private static int position(List<String> entry, List<String> jsonPaths) {
    for (String line : entry) {
      Matcher m = JSON_PATH.matcher(line);
      if (m.find()) {
        int index = jsonPaths.indexOf(m.group(1));
        if (index < 0) {
          throw new IllegalStateException(
              "printer column " + m.group(1) + " is not declared on ImageBuild: " + jsonPaths);
        }
        return index;
      }
    }
    throw new IllegalStateException("printer column without jsonPath: " + entry);
  }
}
