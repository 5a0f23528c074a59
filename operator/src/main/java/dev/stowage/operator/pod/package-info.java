/**
 * The builder pod: a pure function from an ImageBuild and the operator configuration to a pod (and,
 * in Project mode, a PVC). This package documents the contract the {@code stowage} engine
 * implements; it is the only coupling between operator and engine.
 *
 * <h2>Steps</h2>
 *
 * <p>Four containers of {@code config.builderImage}, each {@code command: [stowage]} with the
 * arguments below; init containers {@code source → pull → build}, then the main container {@code
 * push}. Options come first, positional arguments last. {@code [x]} is optional, {@code …} repeats.
 *
 * <pre>
 * source (one of four forms)
 *   source --git-url URL [--git-revision REV] --depth N [--git-credentials /run/stowage/git]
 *          [--context-dir DIR] --dest /workspace --result-file /dev/termination-log
 *   source --config-map-dir /etc/stowage/configmap [--context-dir DIR]
 *          --dest /workspace --result-file /dev/termination-log
 *   source --inline-file /etc/stowage/inline/source.json
 *          --dest /workspace --result-file /dev/termination-log
 *   source --existing [--context-dir DIR] --dest /workspace --result-file /dev/termination-log
 *
 * pull
 *   pull --storage-root /var/lib/containers/storage [--additional-store /var/lib/shared/N]…
 *        [--file CONTAINERFILE] [--build-arg NAME=VALUE]… [--target STAGE]
 *        [--authfile /run/stowage/pull/.dockerconfigjson] [--tls-verify=false]
 *        [--cache-from REPOSITORY] --result-file /dev/termination-log CONTEXT
 *
 * build
 *   build --storage-root /var/lib/containers/storage [--additional-store /var/lib/shared/N]…
 *         [--file CONTAINERFILE] [--build-arg NAME=VALUE]… [--target STAGE]
 *         --pull=never (--layers | --no-cache) --tag IMAGE [--timestamp EPOCH]
 *         [--label KEY=VALUE]… [--annotation KEY=VALUE]…
 *         --result-file /dev/termination-log CONTEXT
 *
 * push
 *   push --storage-root /var/lib/containers/storage [--additional-store /var/lib/shared/N]…
 *        [--authfile /run/stowage/push/.dockerconfigjson] [--tls-verify=false]
 *        --compression (gzip | zstd) [--tag TAG]… [--cache-to REPOSITORY]
 *        --result-file /dev/termination-log IMAGE docker://IMAGE
 * </pre>
 *
 * <h3>Meaning</h3>
 *
 * <ul>
 *   <li>{@code CONTEXT} is {@code /workspace} or {@code /workspace/DIR} when a git or ConfigMap
 *       source names a {@code contextDir}; {@code --context-dir DIR} tells the source step which
 *       directory must exist after fetching. {@code --file} is an absolute path; without it the
 *       engine uses {@code CONTEXT/Containerfile}, else {@code CONTEXT/Dockerfile}.
 *   <li>{@code --git-url}: clone, check out {@code --git-revision} (branch, tag or commit; default
 *       the remote HEAD) with history depth {@code --depth} (0 = full; the operator passes 1 when
 *       the spec names none), into {@code --dest}. {@code --git-credentials DIR} holds the keys of
 *       the clone Secret as files: {@code username} + {@code password}, or {@code token}, for HTTP
 *       basic auth; {@code ssh-privatekey} (+ optional {@code known_hosts}) for SSH. No credential
 *       may remain in {@code --dest} (e.g. in {@code .git/config}): build reads it.
 *   <li>{@code --config-map-dir DIR}: copy the regular files (one per ConfigMap key) of DIR into
 *       {@code --dest}, ignoring the {@code ..data}-style entries of the ConfigMap volume.
 *   <li>{@code --inline-file FILE}: FILE is JSON {@code {"containerfile": text,
 *       "containerfilePath": relative path, "files": {relative path: text}}}; write each into
 *       {@code --dest} (creating directories; refusing absolute paths and {@code ..}).
 *   <li>{@code --existing}: the context is already mounted read-only at {@code --dest} (a PVC);
 *       only check that it (and {@code --context-dir}) exists. The step holds no capability, so it
 *       leaves permission problems to pull and build (which hold DAC_OVERRIDE).
 *   <li>{@code pull} reads the Containerfile (with build args and target, for {@code ARG} before
 *       {@code FROM}), and pulls every base image ({@code FROM}, {@code COPY --from=IMAGE}, {@code
 *       RUN --mount=from=IMAGE}) not already in the store or an additional store. {@code
 *       --cache-from} imports cached layers from a registry repository.
 *   <li>{@code build} never contacts a registry ({@code --pull=never}), holds no secret, and tags
 *       the result {@code IMAGE} in the store. Build args without value are passed as {@code NAME=}
 *       (never read from the environment).
 *   <li>{@code push} pushes {@code IMAGE} from the store to {@code docker://IMAGE} and to each
 *       {@code --tag} of the same repository, compressing layers with {@code --compression}; base
 *       layers may lie in the additional stores. {@code --cache-to} exports the layer cache.
 *   <li>{@code --tls-verify=false} (when {@code spec.output.insecure}) allows plain HTTP and
 *       unverified TLS to every registry the step talks to.
 *   <li>{@code --additional-store} order is the spec's order; stores are read-only mounts.
 * </ul>
 *
 * <h2>Results and exit codes</h2>
 *
 * <p>Each step writes one JSON line to {@code --result-file} before exiting (the pod's termination
 * message, {@code terminationMessagePolicy: File}, at most 4 KiB): {@code source} {@code
 * {"revision","commit"}} for git, {@code {}} for the other forms; {@code pull} {@code
 * {"images":[…]}}; {@code build} {@code
 * {"imageId","layers","cacheHits","cacheMisses","isolation","storageDriver","durationMs"}} (plus
 * {@code mountProgram}, {@code userNamespace} and, when the engine fell back to another driver,
 * {@code storageNote}); {@code push} {@code {"digest","references","size"}} with references {@code
 * NAME:TAG@DIGEST}. On failure: {@code {"error": EXIT CODE, "reason": REASON, "message": TEXT}},
 * where the reason may refine what the exit code says within the step's vocabulary (see {@code
 * status.StepFailure}) and the message names file:line for Containerfile errors. Unknown fields are
 * ignored. Exit codes: 0 success, 2 user error, 3 registry or auth, 4 environment, 1 internal.
 *
 * <h2>Mounts</h2>
 *
 * <table>
 *   <caption>Which step mounts what (ro = read-only)</caption>
 *   <tr><th>path</th><th>source</th><th>pull</th><th>build</th><th>push</th></tr>
 *   <tr><td>/workspace</td><td>rw (ro for a volume source)</td><td>ro</td><td>ro</td><td>-</td></tr>
 *   <tr><td>/var/lib/containers</td><td>-</td><td>rw</td><td>rw</td><td>rw</td></tr>
 *   <tr><td>/var/lib/shared/N</td><td>-</td><td>ro</td><td>ro</td><td>ro</td></tr>
 *   <tr><td>/tmp</td><td>rw</td><td>rw</td><td>rw</td><td>rw</td></tr>
 *   <tr><td>/etc/stowage/inline, /etc/stowage/configmap</td><td>ro</td><td>-</td><td>-</td>
 *       <td>-</td></tr>
 *   <tr><td>/run/stowage/git (clone Secret)</td><td>ro</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>/run/stowage/pull, /run/stowage/push (pushSecretRef)</td><td>-</td><td>ro</td>
 *       <td>-</td><td>ro</td></tr>
 * </table>
 *
 * <p>The root filesystem is read-only; {@code HOME} and {@code TMPDIR} are {@code /tmp}, a scratch
 * volume of each step alone (the engine keeps no credential or token anywhere else). The registry
 * Secret ({@code spec.output.pushSecretRef}, type {@code kubernetes.io/dockerconfigjson}) also
 * authenticates base image pulls: one docker config commonly holds several registries.
 *
 * <h2>Security</h2>
 *
 * <p>Every container: {@code privileged: false}, {@code allowPrivilegeEscalation: false}, {@code
 * readOnlyRootFilesystem: true}, capabilities {@code drop: [ALL]} plus: source none; pull {@code
 * CHOWN DAC_OVERRIDE FOWNER FSETID SETFCAP}; build {@code CHOWN DAC_OVERRIDE FOWNER FSETID SETUID
 * SETGID SYS_CHROOT SETFCAP}; push {@code DAC_OVERRIDE}. Pod: root user, {@code
 * automountServiceAccountToken: false}, {@code restartPolicy: Never}, {@code activeDeadlineSeconds}
 * from {@code spec.timeout}; seccomp {@code RuntimeDefault} (mode baseline) or {@code Localhost}
 * with {@code hostUsers: false} (mode userns). {@code /dev/fuse} reaches {@code build} through a
 * device-plugin resource limit or the CRI-O devices annotation, never a hostPath. Only {@code Host}
 * storage and hostPath additional stores, both admin-allowed, use hostPath volumes; such namespaces
 * need the Pod Security level {@code privileged}.
 */
package dev.stowage.operator.pod;
