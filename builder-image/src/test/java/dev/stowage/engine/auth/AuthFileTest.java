package dev.stowage.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthFileTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static AuthFile parse(String json) {
    return AuthFile.parse(
        json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), Path.of("auth.json"));
  }

  @Test
  void decodesBase64UserAndPasswordWithColonsInThePassword() {
    AuthFile file = parse("{'auths':{'localhost:5000':{'auth':'" + b64("ci:pa:ss") + "'}}}");

    assertThat(file.lookup("localhost:5000", "x/y")).contains(new Credential.Basic("ci", "pa:ss"));
    assertThat(file.lookup("localhost:5001", "x/y")).isEmpty();
  }

  @Test
  void mapsTheLegacyDockerHubKeyToDockerIo() {
    AuthFile file =
        parse("{'auths':{'https://index.docker.io/v1/':{'auth':'" + b64("hub:tok") + "'}}}");

    assertThat(file.lookup("docker.io", "library/busybox"))
        .contains(new Credential.Basic("hub", "tok"));
  }

  @Test
  void acceptsUrlKeysAndIdentityTokens() {
    AuthFile file =
        parse(
            "{'auths':{'https://registry.example.com/v2/':{'auth':'','identitytoken':'refresh'}}}");

    assertThat(file.lookup("registry.example.com", "a"))
        .contains(new Credential.IdentityToken("refresh"));
  }

  @Test
  void theMostSpecificNamespaceEntryWins() {
    AuthFile file =
        parse(
            "{'auths':{'quay.io':{'auth':'"
                + b64("all:1")
                + "'},'quay.io/team':{'auth':'"
                + b64("team:2")
                + "'},'quay.io/team/app':{'auth':'"
                + b64("app:3")
                + "'}}}");

    assertThat(file.lookup("quay.io", "team/app")).contains(new Credential.Basic("app", "3"));
    assertThat(file.lookup("quay.io", "team/other")).contains(new Credential.Basic("team", "2"));
    assertThat(file.lookup("quay.io", "elsewhere/x")).contains(new Credential.Basic("all", "1"));
  }

  @Test
  void credentialHelpersAreAClearErrorNotSilentAnonymousAccess() {
    AuthFile helpers = parse("{'credHelpers':{'gcr.io':'gcloud'}}");
    AuthFile store = parse("{'auths':{'ghcr.io':{}},'credsStore':'desktop'}");

    assertThatThrownBy(() -> helpers.lookup("gcr.io", "p/x"))
        .isInstanceOf(AuthConfigException.class)
        .hasMessageContaining("docker-credential-gcloud")
        .hasMessageContaining("auth.json");
    assertThatThrownBy(() -> store.lookup("ghcr.io", "o/x"))
        .hasMessageContaining("docker-credential-desktop");
    assertThat(store.lookup("quay.io", "o/x")).isEmpty();
  }

  @Test
  void reportsBrokenFilesWithTheirPath() {
    assertThatThrownBy(() -> parse("{'auths':{'r':{'auth':'%%%'}}}"))
        .hasMessageContaining("auth.json")
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> parse("{'auths':{'r':{'auth':'" + b64("nocolon") + "'}}}"))
        .hasMessageContaining("user:password");
    assertThatThrownBy(() -> parse("{not json"))
        .isInstanceOf(AuthConfigException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> AuthFile.read(Path.of("/nonexistent/auth.json")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void normalisesKeys() {
    assertThat(AuthFile.normaliseKey("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(AuthFile.normaliseKey("registry-1.docker.io")).isEqualTo("docker.io");
    assertThat(AuthFile.normaliseKey("http://localhost:5000")).isEqualTo("localhost:5000");
    assertThat(AuthFile.normaliseKey("quay.io/team/")).isEqualTo("quay.io/team");
  }

  @Test
  void neverPrintsSecrets() {
    assertThat(new Credential.Basic("u", "hunter2").toString()).doesNotContain("hunter2");
    assertThat(new Credential.IdentityToken("tok").toString()).doesNotContain("tok]");
  }
}
