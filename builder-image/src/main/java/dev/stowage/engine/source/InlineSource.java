package dev.stowage.engine.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An inline source: the operator's JSON {@code {"containerfile": text, "containerfilePath":
 * relative path, "files": {relative path: text}}}, validated as a whole before anything is written.
 *
 * @param files every file to write, the Containerfile first
 */
public record InlineSource(List<InlineFile> files) {

  /** Where the Containerfile goes when the payload names no path. */
  public static final String DEFAULT_CONTAINERFILE = "Containerfile";

  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-r--r--");

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** One file of the payload. */
  public record InlineFile(RelativePath path, String content) {}

  private record Payload(
      String containerfile, String containerfilePath, Map<String, String> files) {}

  public InlineSource {
    files = List.copyOf(files);
  }

  /** Reads and validates the payload file. */
  public static InlineSource read(Path file) throws IOException, InvalidSourceException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses and validates {@code json}; {@code origin} names it in errors.
   *
   * @throws InvalidSourceException for malformed JSON, a missing Containerfile, a path that is
   *     absolute, contains {@code ..}, is given twice, or is both a file and a directory
   */
  public static InlineSource parse(String json, String origin) throws InvalidSourceException {
    Payload payload;
    try {
      payload = JSON.readValue(json, Payload.class);
    } catch (JsonProcessingException e) {
      throw new InvalidSourceException(
          "inline source " + origin + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (payload == null || payload.containerfile() == null) {
      throw new InvalidSourceException("inline source " + origin + " has no \"containerfile\"");
    }
    String containerfilePath =
        payload.containerfilePath() == null || payload.containerfilePath().isBlank()
            ? DEFAULT_CONTAINERFILE
            : payload.containerfilePath();
    List<InlineFile> files = new ArrayList<>();
    files.add(
        new InlineFile(path(containerfilePath, "containerfilePath"), payload.containerfile()));
    Map<String, String> others =
        payload.files() == null ? Map.of() : new TreeMap<>(payload.files());
    for (var entry : others.entrySet()) {
      if (entry.getValue() == null) {
        throw new InvalidSourceException(
            "inline file '" + entry.getKey() + "' has no content (use \"\" for an empty file)");
      }
      files.add(new InlineFile(path(entry.getKey(), "inline file"), entry.getValue()));
    }
    checkDistinct(files);
    return new InlineSource(files);
  }

  /**
   * Writes every file below {@code destination}: all are checked first, so a refused path leaves
   * nothing written.
   */
  public List<RelativePath> writeTo(Destination destination)
      throws InvalidSourceException, IOException {
    for (InlineFile file : files) {
      destination.checkWritable(file.path(), "inline file");
    }
    List<RelativePath> written = new ArrayList<>();
    for (InlineFile file : files) {
      destination.write(
          file.path(),
          new ByteArrayInputStream(file.content().getBytes(StandardCharsets.UTF_8)),
          FILE_MODE);
      written.add(file.path());
    }
    return written;
  }

  private static RelativePath path(String text, String what) throws InvalidSourceException {
    RelativePath path = RelativePath.parse(text, what);
    if (path.isRoot()) {
      throw new InvalidSourceException(what + " '" + text + "' names no file");
    }
    return path;
  }

  private static void checkDistinct(List<InlineFile> files) throws InvalidSourceException {
    Set<RelativePath> seen = new HashSet<>();
    for (InlineFile file : files) {
      if (!seen.add(file.path())) {
        throw new InvalidSourceException(
            "inline file '"
                + file.path()
                + "' is given twice (the Containerfile may be written there)");
      }
    }
    for (InlineFile file : files) {
      List<String> names = file.path().names();
      for (int n = 1; n < names.size(); n++) {
        RelativePath parent = new RelativePath(names.subList(0, n));
        if (seen.contains(parent)) {
          throw new InvalidSourceException(
              "inline path '" + parent + "' is both a file and a directory");
        }
      }
    }
  }
}
