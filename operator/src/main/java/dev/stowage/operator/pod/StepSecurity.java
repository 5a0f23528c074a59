package dev.stowage.operator.pod;

import dev.stowage.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.List;

/**
 * Security contexts of builder pods: every step drops ALL capabilities and adds back only what it
 * needs, all within the Pod Security "baseline" allow-list.
 */
final class StepSecurity {

  /**
   * {@code source} clones or copies into an emptyDir it owns as root: no capability needed. Volume
   * contexts are only checked for existence, which root can do without DAC_OVERRIDE.
   */
  static final List<String> SOURCE = List.of();

  /**
   * {@code pull} unpacks base image layers with their owners, modes, setuid bits and file
   * capabilities, into directories the layers may make read-only.
   */
  static final List<String> PULL = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETFCAP");

  /**
   * {@code build} also runs RUN steps: it switches to the image's user and groups and chroots into
   * the root filesystem (the engine drops SYS_CHROOT again before exec'ing RUN).
   */
  static final List<String> BUILD =
      List.of(
          "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "SETUID", "SETGID", "SYS_CHROOT", "SETFCAP");

  /**
   * {@code push} re-reads layer files that may belong to other users with modes like 0600 (e.g.
   * {@code /etc/shadow}); it writes nothing but lock files it owns.
   */
  static final List<String> PUSH = List.of("DAC_OVERRIDE");

  private StepSecurity() {}

  static SecurityContext container(List<String> add) {
    SecurityContextBuilder context =
        new SecurityContextBuilder()
            .withPrivileged(false)
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .withAdd(add)
            .endCapabilities();
    return context.build();
  }

  /** Root inside the container (a mapped user in mode userns), seccomp per security mode. */
  static PodSecurityContext pod(OperatorConfig config) {
    PodSecurityContextBuilder context =
        new PodSecurityContextBuilder()
            .withRunAsUser(0L)
            .withRunAsGroup(0L)
            .withRunAsNonRoot(false);
    switch (config.securityMode()) {
      case baseline ->
          context.withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
      case userns ->
          context
              .withNewSeccompProfile()
              .withType("Localhost")
              .withLocalhostProfile(config.fuse().seccompProfile())
              .endSeccompProfile();
    }
    return context.build();
  }
}
