package dev.stowage.engine.source;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit away from the machine's {@code /etc/gitconfig} and {@code ~/.gitconfig}: a clone
 * depends on its arguments only, and no credential helper or URL rewrite of the host applies.
 * JGit's own settings file (file system timestamps) stays where JGit keeps it.
 */
final class IsolatedGitConfig extends SystemReader {

  private final SystemReader delegate;

  private IsolatedGitConfig(SystemReader delegate) {
    this.delegate = delegate;
  }

  /** Installs the isolation for this JVM (JGit reads its configuration through one global). */
  static synchronized void install() {
    SystemReader current = SystemReader.getInstance();
    if (!(current instanceof IsolatedGitConfig)) {
      SystemReader.setInstance(new IsolatedGitConfig(current));
    }
  }

  @Override
  public FileBasedConfig openUserConfig(Config parent, FS fs) {
    return empty(parent, fs);
  }

  @Override
  public FileBasedConfig openSystemConfig(Config parent, FS fs) {
    return empty(parent, fs);
  }

  @Override
  public FileBasedConfig openJGitConfig(Config parent, FS fs) {
    return delegate.openJGitConfig(parent, fs);
  }

  @Override
  public String getHostname() {
    return delegate.getHostname();
  }

  @Override
  public String getenv(String variable) {
    return delegate.getenv(variable);
  }

  @Override
  public String getProperty(String key) {
    return delegate.getProperty(key);
  }

  // Deprecated in JGit but still abstract: every SystemReader must implement these two.
  @Override
  @SuppressWarnings("deprecation")
  public long getCurrentTime() {
    return delegate.getCurrentTime();
  }

  @Override
  @SuppressWarnings("deprecation")
  public int getTimezone(long when) {
    return delegate.getTimezone(when);
  }

  private static FileBasedConfig empty(Config parent, FS fs) {
    return new FileBasedConfig(parent, null, fs) {
      @Override
      public void load() {}

      @Override
      public boolean isOutdated() {
        return false;
      }
    };
  }
}
