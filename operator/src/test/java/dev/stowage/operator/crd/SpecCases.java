package dev.stowage.operator.crd;

import java.util.List;

/**
 * ImageBuild specs that the CRD (schema and CEL) and the Java validator must judge alike. A bad
 * case names the path the API server would report and, for CEL rules, a part of its message.
 */
final class SpecCases {

  /** One spec; {@code path} is null for a valid spec. */
  record Case(String name, String spec, String path, String message, String buildName) {
    boolean valid() {
      return path == null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final String GIT = "source: {git: {url: 'https://git.example.com/a.git'}}";
  static final String OUTPUT = "output: {image: registry.example.com/team/app:1.0}";

  private SpecCases() {}

  private static Case good(String name, String... lines) {
    return new Case(name, String.join("\n", lines), null, null, "app");
  }

  private static Case bad(String name, String path, String message, String... lines) {
    return new Case(name, String.join("\n", lines), path, message, "app");
  }

  private static Case named(String buildName, String path, String message) {
    return new Case("name of " + buildName.length(), GIT + "\n" + OUTPUT, path, message, buildName);
  }

  static List<Case> all() {
    return List.of(
        good("minimal git build", GIT, OUTPUT),
        named("a".repeat(63), null, null),
        // Root rules are reported without a path.
        named("a".repeat(64), "", "metadata.name must be at most 63 characters"),
        good(
            "git with everything",
            "source: {git: {url: 'git@github.com:a/b.git', revision: main, depth: 0,"
                + " contextDir: sub/dir, cloneSecretRef: {name: git-token}}}",
            OUTPUT),
        good("configMap source", "source: {configMap: {name: ctx, contextDir: app}}", OUTPUT),
        good(
            "inline source",
            "source: {inline: {containerfile: 'FROM x', files: {a.txt: hi}}}",
            OUTPUT),
        good("volume source", "source: {volume: {claimName: ctx, subPath: app}}", OUTPUT),
        good(
            "project storage",
            GIT,
            OUTPUT,
            "storage: {mode: Project, project: shop, size: 50Gi, storageClassName: fast}"),
        good("host storage", GIT, OUTPUT, "storage: {mode: Host, hostPath: /var/lib/containers}"),
        good(
            "stores",
            GIT,
            OUTPUT,
            "storage: {additionalStores: [{claimName: base, subPath: s}, {hostPath: /var/lib/shared}]}"),
        good(
            "options",
            GIT,
            "output: {image: 'localhost:5000/a/b', tags: [latest, '1.0'], compression: zstd,"
                + " timestamp: 0, insecure: true, pushSecretRef: {name: push}}",
            "containerfile: docker/Dockerfile",
            "buildArgs: [{name: HTTP_PROXY, value: x}]",
            "target: runtime",
            "timeout: 1h30m",
            "cache: {enabled: false, registry: registry.example.com/cache}",
            "serviceAccountName: builder",
            "retry: {infrastructureFailures: 10}"),
        bad("no source", "spec.source", "exactly one of git", "source: {}", OUTPUT),
        bad(
            "two sources",
            "spec.source",
            "exactly one of git",
            "source: {git: {url: 'https://x/y'}, volume: {claimName: c}}",
            OUTPUT),
        bad("missing source", "spec.source", null, OUTPUT),
        bad("missing output", "spec.output", null, GIT),
        bad("missing image", "spec.output.image", null, GIT, "output: {tags: [a]}"),
        bad("bad git url", "spec.source.git.url", null, "source: {git: {url: 'ftp://x'}}", OUTPUT),
        bad(
            "negative depth",
            "spec.source.git.depth",
            null,
            "source: {git: {url: 'https://x/y', depth: -1}}",
            OUTPUT),
        bad(
            "git contextDir escapes",
            "spec.source.git",
            "contextDir must be a relative path",
            "source: {git: {url: 'https://x/y', contextDir: 'a/../../b'}}",
            OUTPUT),
        bad(
            "configMap contextDir absolute",
            "spec.source.configMap",
            "contextDir must be a relative path",
            "source: {configMap: {name: c, contextDir: /abs}}",
            OUTPUT),
        bad(
            "configMap bad name",
            "spec.source.configMap.name",
            null,
            "source: {configMap: {name: Bad_Name}}",
            OUTPUT),
        bad(
            "volume subPath escapes",
            "spec.source.volume",
            "subPath must be a relative path",
            "source: {volume: {claimName: c, subPath: ../x}}",
            OUTPUT),
        bad(
            "inline without containerfile",
            "spec.source.inline.containerfile",
            null,
            "source: {inline: {files: {a: b}}}",
            OUTPUT),
        bad(
            "secret name",
            "spec.source.git.cloneSecretRef.name",
            null,
            "source: {git: {url: 'https://x/y', cloneSecretRef: {name: Git}}}",
            OUTPUT),
        bad(
            "absolute containerfile",
            "spec",
            "containerfile must be a relative path",
            GIT,
            OUTPUT,
            "containerfile: /Containerfile"),
        bad(
            "containerfile escapes",
            "spec",
            "containerfile must be a relative path",
            GIT,
            OUTPUT,
            "containerfile: ../Containerfile"),
        bad(
            "zero timeout",
            "spec",
            "timeout must be a positive duration",
            GIT,
            OUTPUT,
            "timeout: 0m"),
        bad(
            "empty timeout",
            "spec",
            "timeout must be a positive duration",
            GIT,
            OUTPUT,
            "timeout: ''"),
        bad("worded timeout", "spec.timeout", null, GIT, OUTPUT, "timeout: 10 minutes"),
        bad(
            "project mode without project",
            "spec.storage",
            "storage.project is required",
            GIT,
            OUTPUT,
            "storage: {mode: Project}"),
        bad(
            "host mode without path",
            "spec.storage",
            "storage.hostPath is required",
            GIT,
            OUTPUT,
            "storage: {mode: Host}"),
        bad(
            "hostPath outside host mode",
            "spec.storage",
            "storage.hostPath is only allowed",
            GIT,
            OUTPUT,
            "storage: {mode: Ephemeral, hostPath: /x}"),
        bad(
            "project without mode",
            "spec.storage",
            "storage.project is only allowed",
            GIT,
            OUTPUT,
            "storage: {project: shop}"),
        bad(
            "storage class outside project mode",
            "spec.storage",
            "storage.storageClassName is only allowed",
            GIT,
            OUTPUT,
            "storage: {storageClassName: fast}"),
        bad("bad storage mode", "spec.storage.mode", null, GIT, OUTPUT, "storage: {mode: Cloud}"),
        bad(
            "bad project name",
            "spec.storage.project",
            null,
            GIT,
            OUTPUT,
            "storage: {mode: Project, project: Shop}"),
        bad("bad size", "spec.storage.size", null, GIT, OUTPUT, "storage: {size: 20GB}"),
        bad(
            "relative host path",
            "spec.storage.hostPath",
            null,
            GIT,
            OUTPUT,
            "storage: {mode: Host, hostPath: var/lib}"),
        bad(
            "store with both",
            "spec.storage.additionalStores[0]",
            "exactly one of claimName, hostPath",
            GIT,
            OUTPUT,
            "storage: {additionalStores: [{claimName: a, hostPath: /b}]}"),
        bad(
            "store with neither",
            "spec.storage.additionalStores[0]",
            "exactly one of claimName, hostPath",
            GIT,
            OUTPUT,
            "storage: {additionalStores: [{subPath: a}]}"),
        bad(
            "store subPath absolute",
            "spec.storage.additionalStores[0]",
            "subPath must be a relative path",
            GIT,
            OUTPUT,
            "storage: {additionalStores: [{claimName: a, subPath: /b}]}"),
        bad(
            "too many stores",
            "spec.storage.additionalStores",
            null,
            GIT,
            OUTPUT,
            "storage: {additionalStores: [" + "{claimName: a}, ".repeat(8) + "{claimName: a}]}"),
        bad(
            "bad image",
            "spec.output.image",
            null,
            GIT,
            "output: {image: 'registry.example.com/Team/app'}"),
        bad(
            "digest image",
            "spec.output.image",
            null,
            GIT,
            "output: {image: 'r.io/a@sha256:" + "0".repeat(64) + "'}"),
        bad("bad tag", "spec.output.tags[0]", null, GIT, "output: {image: r.io/a, tags: ['-x']}"),
        bad(
            "too many tags",
            "spec.output.tags",
            null,
            GIT,
            "output: {image: r.io/a, tags: [" + "a, ".repeat(32) + "a]}"),
        bad(
            "negative timestamp",
            "spec.output.timestamp",
            null,
            GIT,
            "output: {image: r.io/a, timestamp: -1}"),
        bad(
            "bad compression",
            "spec.output.compression",
            null,
            GIT,
            "output: {image: r.io/a, compression: lz4}"),
        bad(
            "bad build arg",
            "spec.buildArgs[0].name",
            null,
            GIT,
            OUTPUT,
            "buildArgs: [{name: 1X, value: y}]"),
        bad(
            "too many build args",
            "spec.buildArgs",
            null,
            GIT,
            OUTPUT,
            "buildArgs: [" + "{name: A}, ".repeat(64) + "{name: A}]"),
        bad("bad target", "spec.target", null, GIT, OUTPUT, "target: '-x'"),
        bad(
            "bad cache registry",
            "spec.cache.registry",
            null,
            GIT,
            OUTPUT,
            "cache: {registry: 'no spaces allowed'}"),
        bad(
            "bad service account",
            "spec.serviceAccountName",
            null,
            GIT,
            OUTPUT,
            "serviceAccountName: Builder"),
        bad(
            "too many retries",
            "spec.retry.infrastructureFailures",
            null,
            GIT,
            OUTPUT,
            "retry: {infrastructureFailures: 11}"));
  }

  /** The whole ImageBuild document for {@code c}. */
  static String document(Case c) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: stowage.dev/v1alpha1\nkind: ImageBuild\nmetadata: {name: "
                + c.buildName()
                + ", namespace: team-a}\nspec:\n");
    for (String line : c.spec().split("\n")) {
      yaml.append("  ").append(line).append('\n');
    }
    return yaml.toString();
  }
}
