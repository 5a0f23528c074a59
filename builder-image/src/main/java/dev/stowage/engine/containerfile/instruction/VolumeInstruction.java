package dev.stowage.engine.containerfile.instruction;

import dev.stowage.engine.containerfile.Location;
import dev.stowage.engine.containerfile.shell.ExpansionException;
import dev.stowage.engine.containerfile.shell.WordExpander;
import java.util.ArrayList;
import java.util.List;

/** {@code VOLUME ["/a", "/b"]} or {@code VOLUME /a /b}. */
public record VolumeInstruction(Location location, String original, List<String> paths)
    implements Instruction {

  public VolumeInstruction {
    paths = List.copyOf(paths);
  }

  @Override
  public VolumeInstruction expand(WordExpander e) throws ExpansionException {
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      String v = e.word(p);
      if (v.isBlank()) {
        throw new ExpansionException("VOLUME path '" + p + "' expands to an empty string");
      }
      out.add(v);
    }
    return new VolumeInstruction(location, original, out);
  }
}
