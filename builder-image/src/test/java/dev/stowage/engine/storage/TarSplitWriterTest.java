package dev.stowage.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarSplitWriterTest {

  @Test
  void gnuTarDescriptionMatchesPodmanByteForByte() throws IOException {
    byte[] tar = resource("small-gnu.tar");
    assertThat(
            new String(
                TarSplitWriter.describe(new ByteArrayInputStream(tar)), StandardCharsets.UTF_8))
        .isEqualTo(new String(resource("small-gnu.tar-split.json"), StandardCharsets.UTF_8));
  }

  @Test
  void paxTarDescriptionMatchesPodmanByteForByte() throws IOException {
    byte[] tar = resource("small-pax.tar");
    assertThat(
            new String(
                TarSplitWriter.describe(new ByteArrayInputStream(tar)), StandardCharsets.UTF_8))
        .isEqualTo(new String(resource("small-pax.tar-split.json"), StandardCharsets.UTF_8));
  }

  @Test
  void descriptionIsTheSameWhateverTheWriteSizes() throws IOException {
    byte[] tar = resource("small-pax.tar");
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    try (TarSplitWriter writer = new TarSplitWriter(lines)) {
      for (int i = 0; i < tar.length; i += 7) {
        writer.write(tar, i, Math.min(7, tar.length - i));
      }
    }
    assertSameLines(lines.toByteArray(), resource("small-pax.tar-split.json"));
  }

  @Test
  void segmentsAndFileContentReassembleTheTarExactly() throws IOException {
    byte[] tar = resource("small-gnu.tar");
    byte[] lines = TarSplitWriter.describe(new ByteArrayInputStream(tar));
    // file content is taken from the tar itself, in order, as diff/ would supply it
    ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
    int offset = 0;
    ObjectMapper mapper = new ObjectMapper();
    for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
      JsonNode entry = mapper.readTree(line);
      if (entry.get("type").asInt() == 2) {
        byte[] payload = Base64.getDecoder().decode(entry.get("payload").asText());
        rebuilt.write(payload);
        offset += payload.length;
      } else {
        long size = entry.path("size").asLong(0);
        String name = entry.path("name").asText("");
        boolean headerOnly = name.endsWith("/") || name.equals("./hard") || name.equals("./link");
        if (!headerOnly) {
          rebuilt.write(tar, offset, (int) size);
          offset += (int) size;
        }
      }
    }
    assertThat(rebuilt.toByteArray()).isEqualTo(tar);
  }

  @Test
  void positionsCountUpFromZero() throws IOException {
    byte[] lines = TarSplitWriter.describe(new ByteArrayInputStream(resource("small-gnu.tar")));
    ObjectMapper mapper = new ObjectMapper();
    List<Integer> positions = new ArrayList<>();
    for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
      positions.add(mapper.readTree(line).get("position").asInt());
    }
    for (int i = 0; i < positions.size(); i++) {
      assertThat(positions.get(i)).isEqualTo(i);
    }
  }

  @Test
  void rejectsAStreamThatIsNotTar() {
    byte[] junk = new byte[1024];
    java.util.Arrays.fill(junk, (byte) 'x');
    assertThatThrownBy(() -> TarSplitWriter.describe(new ByteArrayInputStream(junk)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("invalid");
  }

  @Test
  void rejectsAStreamCutInsideAnEntry() {
    byte[] tar = resource("small-gnu.tar");
    byte[] cut = java.util.Arrays.copyOf(tar, 1024 + 3);
    assertThatThrownBy(() -> TarSplitWriter.describe(new ByteArrayInputStream(cut)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void crc64MatchesGoForKnownContent() {
    Crc64 crc = new Crc64();
    byte[] content = "x\n".getBytes(StandardCharsets.UTF_8);
    crc.update(content, 0, content.length);
    // podman recorded YVMQAAAAAAA= for a file holding "x\n"
    assertThat(Base64.getEncoder().encodeToString(crc.sum())).isEqualTo("YVMQAAAAAAA=");
  }

  /** Compares line by line so a failure names the first differing entry, not 40 kB of JSON. */
  static void assertSameLines(byte[] actual, byte[] expected) {
    String[] a = new String(actual, StandardCharsets.UTF_8).split("\n", -1);
    String[] e = new String(expected, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < Math.min(a.length, e.length); i++) {
      assertThat(a[i]).as("tar-split line %d", i).isEqualTo(e[i]);
    }
    assertThat(a.length).as("number of tar-split lines").isEqualTo(e.length);
  }

  static byte[] resource(String name) {
    try (InputStream in = TarSplitWriterTest.class.getResourceAsStream("/storage/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
