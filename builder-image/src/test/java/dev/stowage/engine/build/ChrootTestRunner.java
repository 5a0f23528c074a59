package dev.stowage.engine.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A test double for chroot isolation: coreutils {@code chroot} with numeric ids resolved from the
 * root file system's passwd and group, a cleared environment and a {@code cd} into the workdir.
 * Good enough for tests on our own busybox images; production uses the isolation package.
 */
final class ChrootTestRunner implements StepRunner {

  final List<RunRequest> requests = new ArrayList<>();

  @Override
  public int run(RunRequest request, OutputStream output)
      throws BuildException, InterruptedException {
    requests.add(request);
    try {
      UserDatabase.Owner owner = UserDatabase.read(request.rootfs()).owner(request.user());
      List<String> cmd = new ArrayList<>();
      cmd.add("/usr/sbin/chroot");
      cmd.add("--userspec=" + owner.uid() + ":" + owner.gid());
      cmd.add("--groups=" + owner.gid());
      cmd.add(request.rootfs().toString());
      cmd.add("/bin/sh");
      cmd.add("-c");
      cmd.add("cd \"$0\" && exec \"$@\"");
      cmd.add(request.workdir());
      cmd.addAll(request.argv());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(request.environment());
      Process p = pb.start();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(output);
      }
      return p.waitFor();
    } catch (IOException | IllegalArgumentException e) {
      throw new BuildException(BuildException.Kind.ENVIRONMENT, null, e.getMessage(), e);
    }
  }
}
