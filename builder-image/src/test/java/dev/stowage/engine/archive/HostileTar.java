package dev.stowage.engine.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Builds tar streams with whatever names an attacker likes. */
final class HostileTar {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarWriter tar = new TarWriter(bytes);

  HostileTar dir(String name) throws IOException {
    tar.putEntry(TarEntry.directory(name, 0755));
    return this;
  }

  HostileTar file(String name, String content) throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    tar.putEntry(TarEntry.file(name, 0644, b.length));
    tar.write(b, 0, b.length);
    return this;
  }

  HostileTar symlink(String name, String target) throws IOException {
    tar.putEntry(TarEntry.symlink(name, target));
    return this;
  }

  HostileTar hardlink(String name, String target) throws IOException {
    tar.putEntry(TarEntry.hardlink(name, target));
    return this;
  }

  byte[] bytes() throws IOException {
    tar.finish();
    return bytes.toByteArray();
  }

  InputStream stream() throws IOException {
    return new ByteArrayInputStream(bytes());
  }
}
