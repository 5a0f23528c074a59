package dev.stowage.engine.isolation;

import java.util.Optional;

/**
 * What the launcher reports through its status file: {@code started} once it runs, then one {@code
 * failed<TAB>REASON<TAB>message} line if it gives up. A successful exec writes nothing more (the
 * file descriptor is close-on-exec), so the command's own exit codes never look like ours.
 */
record LaunchStatus(boolean started, Optional<IsolationException> failure) {

  static final String STARTED = "started";
  static final String FAILED = "failed";

  static String failureLine(IsolationException.Reason reason, String message) {
    return FAILED
        + "\t"
        + reason.name()
        + "\t"
        + message.replace('\n', ' ').replace('\t', ' ')
        + "\n";
  }

  static LaunchStatus parse(String content) {
    boolean started = false;
    IsolationException failure = null;
    for (String line : content.split("\n")) {
      if (line.equals(STARTED)) {
        started = true;
      } else if (line.startsWith(FAILED + "\t")) {
        String[] parts = line.split("\t", 3);
        IsolationException.Reason reason;
        try {
          reason = IsolationException.Reason.valueOf(parts[1]);
        } catch (IllegalArgumentException e) {
          reason = IsolationException.Reason.LAUNCHER_FAILED;
        }
        failure = new IsolationException(reason, parts.length > 2 ? parts[2] : parts[1]);
      }
    }
    return new LaunchStatus(started, Optional.ofNullable(failure));
  }
}
