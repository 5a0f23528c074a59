package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.ContainerfileException;
import dev.stowage.engine.containerfile.syntax.Directives;
import dev.stowage.engine.containerfile.syntax.SyntaxParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A parsed Containerfile: its directives, typed instructions in order, and parse warnings. */
public record Containerfile(
    String file, Directives directives, List<Instruction> instructions, List<String> warnings) {

  public Containerfile {
    instructions = List.copyOf(instructions);
    warnings = List.copyOf(warnings);
  }

  /** Parses {@code text}; {@code file} names it in error messages. */
  public static Containerfile parse(String file, String text) throws ContainerfileException {
    return InstructionParser.parse(SyntaxParser.parse(file, text));
  }

  /** Reads and parses a file (UTF-8); errors name it as {@code displayName}. */
  public static Containerfile read(Path path, String displayName) throws ContainerfileException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
              .toString();
    } catch (CharacterCodingException e) {
      throw ContainerfileException.general(
          displayName + " is not valid UTF-8", "save the Containerfile as UTF-8");
    } catch (IOException e) {
      throw ContainerfileException.general(
          "cannot read " + displayName + ": " + e.getMessage(), "check the path given with -f");
    }
    return parse(displayName, text);
  }

  /** The escape character in effect ({@code \} unless {@code # escape=`}). */
  public char escape() {
    return directives.escape();
  }
}
