package dev.stowage.engine.containerfile.syntax;

import java.util.List;

/** A Containerfile split into directives and instruction nodes, plus non-fatal warnings. */
public record SyntaxTree(
    String file, Directives directives, List<Node> nodes, List<String> warnings) {

  public SyntaxTree {
    nodes = List.copyOf(nodes);
    warnings = List.copyOf(warnings);
  }
}
