package dev.stowage.engine.build;

/**
 * Sends a built image somewhere else: a registry ({@code --push}) or an archive ({@code --output
 * oci:DIR|docker-archive:FILE}); the lead wires the transfer package here.
 */
@FunctionalInterface
public interface ImagePublisher {

  /**
   * Publishes the image the build wrote into the primary store.
   *
   * @param destination {@code docker://REF} for a push, {@code oci:DIR} or {@code
   *     docker-archive:FILE} for an export
   * @return the line to print, e.g. the pushed digest
   */
  String publish(BuildResult image, String destination) throws BuildException;
}
