package dev.stowage.engine.containerfile.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Build args that need no ARG: the proxy variables, and the automatic platform args. */
public final class PredefinedArgs {

  /** Usable by RUN without an ARG when given with {@code --build-arg}; kept out of history. */
  public static final Set<String> PROXY =
      Set.of(
          "HTTP_PROXY",
          "http_proxy",
          "HTTPS_PROXY",
          "https_proxy",
          "FTP_PROXY",
          "ftp_proxy",
          "NO_PROXY",
          "no_proxy",
          "ALL_PROXY",
          "all_proxy");

  private PredefinedArgs() {}

  /** TARGET* and BUILD* platform args: in global scope always, in a stage once declared. */
  public static Map<String, String> platformArgs(BuildOptions options) {
    Map<String, String> m = new LinkedHashMap<>(options.targetPlatform().args("TARGET"));
    m.putAll(options.buildPlatform().args("BUILD"));
    return m;
  }

  /** Whether an unused {@code --build-arg} of this name deserves no warning. */
  static boolean isPredefined(String name) {
    return PROXY.contains(name)
        || name.startsWith("TARGET")
        || name.startsWith("BUILD")
        || name.equals("SOURCE_DATE_EPOCH");
  }
}
