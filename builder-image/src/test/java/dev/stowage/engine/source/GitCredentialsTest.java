package dev.stowage.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCredentialsTest {

  @TempDir Path dir;

  @Test
  void noDirectoryMeansAnonymous() throws Exception {
    assertThat(GitCredentials.read(Optional.empty())).isInstanceOf(GitCredentials.None.class);
  }

  @Test
  void usernameAndPasswordMakeBasicAuthWithoutTrailingLineBreaks() throws Exception {
    Files.writeString(dir.resolve("username"), "bob\n");
    Files.writeString(dir.resolve("password"), "hunter2\r\n");
    assertThat(GitCredentials.read(Optional.of(dir)))
        .isEqualTo(new GitCredentials.Basic("bob", "hunter2"));
  }

  @Test
  void tokenIsSentAsPasswordOfTheAccessTokenUser() throws Exception {
    Files.writeString(dir.resolve("token"), "ghp_abc");
    assertThat(GitCredentials.read(Optional.of(dir)))
        .isEqualTo(new GitCredentials.Basic("x-access-token", "ghp_abc"));
  }

  @Test
  void usernameNextToTokenOverridesTheDefaultUser() throws Exception {
    Files.writeString(dir.resolve("token"), "glpat");
    Files.writeString(dir.resolve("username"), "oauth2");
    assertThat(GitCredentials.read(Optional.of(dir)))
        .isEqualTo(new GitCredentials.Basic("oauth2", "glpat"));
  }

  @Test
  void secretVolumeLinksAreFollowed() throws Exception {
    Path data = Files.createDirectories(dir.resolve("..2024_01_01"));
    Files.writeString(data.resolve("token"), "t0k3n");
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2024_01_01"));
    Files.createSymbolicLink(dir.resolve("token"), Path.of("..data/token"));
    assertThat(GitCredentials.read(Optional.of(dir)))
        .isEqualTo(new GitCredentials.Basic("x-access-token", "t0k3n"));
  }

  @Test
  void sshKeyIsRecognisedWithOptionalKnownHosts() throws Exception {
    Files.writeString(dir.resolve("ssh-privatekey"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
    assertThat(GitCredentials.read(Optional.of(dir)))
        .isEqualTo(new GitCredentials.SshKey(dir.resolve("ssh-privatekey"), Optional.empty()));
  }

  @Test
  void passwordWithoutUsernameIsRefused() throws Exception {
    Files.writeString(dir.resolve("password"), "pw");
    assertThatThrownBy(() -> GitCredentials.read(Optional.of(dir)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("no 'username'");
  }

  @Test
  void usernameWithoutPasswordIsRefused() throws Exception {
    Files.writeString(dir.resolve("username"), "bob");
    assertThatThrownBy(() -> GitCredentials.read(Optional.of(dir)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("no 'password'");
  }

  @Test
  void tokenAndPasswordTogetherAreRefused() throws Exception {
    Files.writeString(dir.resolve("token"), "t");
    Files.writeString(dir.resolve("password"), "p");
    assertThatThrownBy(() -> GitCredentials.read(Optional.of(dir)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("both 'token' and 'password'");
  }

  @Test
  void emptyKeyIsRefused() throws Exception {
    Files.writeString(dir.resolve("token"), "\n");
    assertThatThrownBy(() -> GitCredentials.read(Optional.of(dir)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("'token' is empty");
  }

  @Test
  void secretWithoutKnownKeysIsRefused() {
    assertThatThrownBy(() -> GitCredentials.read(Optional.of(dir)))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("none of the keys");
  }

  @Test
  void missingDirectoryIsRefused() {
    assertThatThrownBy(() -> GitCredentials.read(Optional.of(dir.resolve("nope"))))
        .isInstanceOf(InvalidSourceException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void basicCredentialsNeverPrintThePassword() {
    assertThat(new GitCredentials.Basic("bob", "hunter2").toString()).doesNotContain("hunter2");
  }
}
