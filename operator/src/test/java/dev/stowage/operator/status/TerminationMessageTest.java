package dev.stowage.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TerminationMessageTest {

  private static final String DIGEST =
      "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

  @Test
  void buildResultReadsEveryContractField() {
    BuildResult result =
        BuildResult.parse(
            "{\"imageId\":\"sha256:ab\",\"layers\":4,\"cacheHits\":3,\"cacheMisses\":1,"
                + "\"isolation\":\"chroot\",\"storageDriver\":\"native\",\"durationMs\":900}");

    assertThat(result).isEqualTo(new BuildResult("sha256:ab", 4, 3, 1, "chroot", "native", 900L));
  }

  @Test
  void buildResultReadsTheEnginesDriverDetails() {
    // the engine's line after falling back from overlay to native
    BuildResult result =
        BuildResult.parse(
            "{\"imageId\":\"5ad7f058b70b\",\"layers\":3,\"cacheHits\":2,\"cacheMisses\":0,"
                + "\"isolation\":\"chroot\",\"storageDriver\":\"native\",\"userNamespace\":false,"
                + "\"storageNote\":\"overlay unavailable: no /dev/fuse\",\"durationMs\":1902}\n");

    assertThat(result.storageDriver()).isEqualTo("native");
    assertThat(result.mountProgram()).isNull();
    assertThat(result.userNamespace()).isFalse();
    assertThat(result.storageNote()).isEqualTo("overlay unavailable: no /dev/fuse");
  }

  @Test
  void pushResultTakesTheLastLineAndIgnoresUnknownFields() {
    PushResult result =
        PushResult.parse(
            "pushing layers…\n{\"digest\":\""
                + DIGEST
                + "\",\"references\":[\"r.example/a:1@"
                + DIGEST
                + "\"],\"size\":42,\"future\":true}\n\n");

    assertThat(result.digest()).isEqualTo(DIGEST);
    assertThat(result.references()).containsExactly("r.example/a:1@" + DIGEST);
    assertThat(result.size()).isEqualTo(42L);
    assertThat(result.shortDigest()).isEqualTo("4f53cda18c2b");
  }

  @Test
  void pushResultWithoutValidDigestIsRejectedNamingTheStep() {
    assertThatThrownBy(() -> PushResult.parse("{\"digest\":\"latest\"}"))
        .isInstanceOf(TerminationMessageException.class)
        .hasMessageContaining("'push'");
    assertThatThrownBy(() -> PushResult.parse("all done"))
        .isInstanceOf(TerminationMessageException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void sourceResultReadsRevisionAndCommit() {
    assertThat(SourceResult.parse("{\"revision\":\"main\",\"commit\":\"0abc\"}"))
        .isEqualTo(new SourceResult("main", "0abc"));
  }

  @Test
  void negativeCacheCountsAreRejected() {
    assertThatThrownBy(() -> BuildResult.parse("{\"cacheHits\":-1}"))
        .isInstanceOf(TerminationMessageException.class);
  }
}
