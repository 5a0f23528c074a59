package dev.stowage.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void parsesABearerChallengeWithAScopeContainingCommas() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull,push\"");

    assertThat(challenges).hasSize(1);
    AuthChallenge c = challenges.getFirst();
    assertThat(c.isBearer()).isTrue();
    assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
    assertThat(c.param("service")).isEqualTo("registry.docker.io");
    assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull,push");
  }

  @Test
  void parsesBasicWithUnquotedAndEscapedValuesAndSpaces() {
    AuthChallenge c =
        AuthChallenge.parse("Basic  realm = \"a \\\"quoted\\\" realm\" , charset=UTF-8").getFirst();

    assertThat(c.isBasic()).isTrue();
    assertThat(c.param("Realm")).isEqualTo("a \"quoted\" realm");
    assertThat(c.param("charset")).isEqualTo("UTF-8");
  }

  @Test
  void parsesSeveralChallengesInOneHeader() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse("Basic realm=\"r\", Bearer realm=\"https://t/token\",service=s");

    assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
    assertThat(challenges.get(1).param("service")).isEqualTo("s");
  }

  @Test
  void schemeAloneHasNoParameters() {
    assertThat(AuthChallenge.parse("Negotiate").getFirst().params()).isEmpty();
  }
}
