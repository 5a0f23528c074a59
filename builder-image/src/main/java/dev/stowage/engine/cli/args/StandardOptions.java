package dev.stowage.engine.cli.args;

import java.util.List;

/** {@code -h/--help} and {@code -V/--version}, which every command has. */
final class StandardOptions {

  static final List<String> HELP = List.of("-h", "--help");
  static final List<String> VERSION = List.of("-V", "--version");
  static final List<String> NAMES = List.of("-h", "--help", "-V", "--version");

  private StandardOptions() {}
}
