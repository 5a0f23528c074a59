package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitUrlTest {

  @Test
  void httpsUrlIsKeptAsGiven() throws Exception {
    GitUrl url = GitUrl.parse("https://git.example.com/team/app.git");
    assertThat(url.url()).isEqualTo("https://git.example.com/team/app.git");
    assertThat(url.transport()).isEqualTo(GitUrl.Transport.HTTP);
    assertThat(url.userInfo()).isEmpty();
    assertThat(url.host()).isEqualTo("git.example.com");
  }

  @Test
  void credentialsInTheUrlAreSplitOffAndNeverShown() throws Exception {
    GitUrl url = GitUrl.parse("https://bob:s3cr%40t@git.example.com:8443/team/app.git?x=1");
    assertThat(url.url()).isEqualTo("https://git.example.com:8443/team/app.git?x=1");
    assertThat(url.userInfo())
        .contains(new GitUrl.UserInfo("bob", Optional.of("s3cr@t")))
        .hasValueSatisfying(u -> assertThat(u.toString()).doesNotContain("s3cr"));
    assertThat(url.toString()).doesNotContain("bob").doesNotContain("s3cr");
  }

  @Test
  void gitProtocolUrl() throws Exception {
    GitUrl url = GitUrl.parse("git://127.0.0.1:9418/sample.git");
    assertThat(url.transport()).isEqualTo(GitUrl.Transport.GIT);
    assertThat(url.host()).isEqualTo("127.0.0.1:9418");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ssh://git@git.example.com/team/app.git",
        "git@github.com:team/app.git",
        "git.example.com:team/app.git"
      })
  void sshUrlsAreRecognised(String text) throws Exception {
    assertThat(GitUrl.parse(text).transport()).isEqualTo(GitUrl.Transport.SSH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///srv/repo.git", "/srv/repo.git", "ftp://host/repo.git"})
  void localAndOtherSchemesAreRefused(String text) {
    assertThatThrownBy(() -> GitUrl.parse(text))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("is not supported");
  }

  @Test
  void malformedUrlIsRefusedWithoutItsPassword() {
    assertThatThrownBy(() -> GitUrl.parse("https://bob:pw@host/a b"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("not a valid URL")
        .hasMessageNotContaining("pw@");
  }

  @Test
  void urlWithoutRepositoryPathIsRefused() {
    assertThatThrownBy(() -> GitUrl.parse("https://git.example.com/"))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("names no repository");
  }

  @Test
  void emptyUrlIsRefused() {
    assertThatThrownBy(() -> GitUrl.parse(" "))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("empty");
  }
}
