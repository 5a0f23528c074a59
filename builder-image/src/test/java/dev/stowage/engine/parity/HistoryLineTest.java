package dev.stowage.engine.parity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** created_by as buildah, Docker and BuildKit write it, reduced to what they agree on. */
class HistoryLineTest {

  @Test
  void buildahMetadataAndCopyStepsKeepTheirKeywordOnly() {
    assertThat(HistoryLine.normalise("/bin/sh -c #(nop) COPY dir:0a1b2c in /app "))
        .isEqualTo("COPY");
    assertThat(HistoryLine.normalise("/bin/sh -c #(nop) ENV A=b")).isEqualTo("ENV");
    assertThat(HistoryLine.normalise("/bin/sh -c #(nop)  CMD [\"sh\"]")).isEqualTo("CMD");
  }

  @Test
  void buildKitStepsDropTheirMarker() {
    assertThat(HistoryLine.normalise("COPY . /app # buildkit")).isEqualTo("COPY");
    assertThat(HistoryLine.normalise("WORKDIR /x")).isEqualTo("WORKDIR");
    assertThat(HistoryLine.normalise("RUN /bin/sh -c echo  hi # buildkit"))
        .isEqualTo("RUN echo hi");
  }

  @Test
  void runStepsKeepTheirCommandWithoutShellOrBuildArgsPrefix() {
    assertThat(HistoryLine.normalise("/bin/sh -c apt-get update \\\n && true"))
        .isEqualTo("RUN apt-get update \\ && true");
    assertThat(HistoryLine.normalise("|2 A=1 B=2 /bin/sh -c echo $A")).isEqualTo("RUN echo $A");
    assertThat(HistoryLine.normalise("RUN |1 A=1 /bin/sh -c echo $A")).isEqualTo("RUN echo $A");
    assertThat(HistoryLine.normalise("/bin/sh -e -c echo hi")).isEqualTo("RUN echo hi");
  }

  @Test
  void absentCreatedByIsEmpty() {
    assertThat(HistoryLine.normalise(null)).isEmpty();
  }
}
