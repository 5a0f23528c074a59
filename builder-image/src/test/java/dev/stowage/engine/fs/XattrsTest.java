package dev.stowage.engine.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XattrsTest {

  @TempDir Path dir;

  /** A VFS_CAP_REVISION_2 value granting cap_setuid (bit 7) and cap_net_bind_service (10). */
  static final byte[] CAPABILITY = {
    0x01, 0x00, 0x00, 0x02, (byte) 0x80, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  @Test
  void setGetListAndRemoveInUserTrustedAndSecurityNamespaces() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Xattrs.set(f, "user.note", "hello".getBytes());
    Xattrs.set(f, "trusted.overlay.opaque", "y".getBytes());
    Xattrs.set(f, "security.capability", CAPABILITY);
    assertThat(Xattrs.get(f, "user.note")).isEqualTo("hello".getBytes());
    assertThat(Xattrs.get(f, "security.capability")).isEqualTo(CAPABILITY);
    assertThat(Xattrs.list(f))
        .containsSubsequence("security.capability", "trusted.overlay.opaque", "user.note");
    assertThat(Xattrs.getAll(f)).containsKeys("user.note", "trusted.overlay.opaque");
    Xattrs.remove(f, "user.note");
    Xattrs.remove(f, "user.note");
    assertThat(Xattrs.get(f, "user.note")).isNull();
  }

  @Test
  void largeAndEmptyValuesRoundTrip() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    byte[] big = new byte[3000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Xattrs.set(f, "user.big", big);
    Xattrs.set(f, "user.empty", new byte[0]);
    assertThat(Xattrs.get(f, "user.big")).isEqualTo(big);
    assertThat(Xattrs.get(f, "user.empty")).isEmpty();
  }

  @Test
  void trustedAttributesWorkOnSymlinksThemselves() throws Exception {
    Path target = Files.writeString(dir.resolve("t"), "x");
    Path link = dir.resolve("l");
    Posix.symlink("t", link);
    Xattrs.set(link, "trusted.mark", "1".getBytes());
    assertThat(Xattrs.get(link, "trusted.mark")).isEqualTo("1".getBytes());
    assertThat(Xattrs.get(target, "trusted.mark")).isNull();
  }

  @Test
  void fileWithoutAttributesListsNothing() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    assertThat(Xattrs.getAll(f)).isEmpty();
  }
}
