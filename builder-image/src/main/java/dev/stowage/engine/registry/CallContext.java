package dev.stowage.engine.registry;

import java.util.List;

/** Where a call goes and what it does; makes the exceptions that say so. */
record CallContext(String registry, String repository, String action) {

  RegistryException fail(int status, List<String> codes, String detail, Throwable cause) {
    return new RegistryException(registry, repository, action, status, codes, detail, cause);
  }

  RegistryException fail(ResponseError e) {
    String hint =
        switch (e.status()) {
          case 401 ->
              "; the registry rejected the credentials (or needs some): check the auth file"
                  + " (--authfile, REGISTRY_AUTH_FILE, podman login)";
          case 403 -> "; the credentials lack permission for " + registry + "/" + repository;
          default -> "";
        };
    return fail(e.status(), e.codes(), e.getMessage() + hint, e);
  }
}
