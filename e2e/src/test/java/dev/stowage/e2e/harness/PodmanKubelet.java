package dev.stowage.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet stand-in: watches the builder pods on the (mock) API server, runs each with {@code
 * podman kube play} after {@link KubePlayTranslation}, follows {@code podman events} to see each
 * container start and die, and writes the pod status back as a kubelet would (phase, init and
 * container states, exit codes, termination messages read from the files the translation mounts).
 *
 * <p>Init containers are removed by podman once done, so their exit codes come from the events and
 * their output from the pod's shared log file ({@code --log-opt path=}), kept for {@link
 * #describe}.
 */
public final class PodmanKubelet implements AutoCloseable {

  /** Termination messages are cut where a kubelet cuts them. */
  static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(30);
  private static final Duration EVENTS_AFTER_PLAY = Duration.ofSeconds(30);

  /** One container of one run, as podman names it ({@code POD-CONTAINER}). */
  private record Watched(Running running, String container, Path terminationFile) {}

  /** A pod the kubelet took on: its run, and where its files and outputs are. */
  private record Running(Pod pod, PodRun run, Path dir, List<String> notes) {}

  private final KubernetesClient client;
  private final Podman podman;
  private final KubePlayTranslation translation;
  private final Path workDir;
  private final String selectorKey;
  private final String selectorValue;
  private final Map<String, Running> runs = new ConcurrentHashMap<>();
  private final Map<String, Watched> containers = new ConcurrentHashMap<>();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "kubelet-pod");
            t.setDaemon(true);
            return t;
          });
  private Process events;
  private SharedIndexInformer<Pod> informer;

  /**
   * @param selectorKey the label every pod to run carries (others are left alone)
   */
  public PodmanKubelet(
      KubernetesClient client,
      Podman podman,
      KubePlayTranslation translation,
      Path workDir,
      String selectorKey,
      String selectorValue) {
    this.client = client;
    this.podman = podman;
    this.translation = translation;
    this.workDir = workDir;
    this.selectorKey = selectorKey;
    this.selectorValue = selectorValue;
  }

  /** Follows podman's events, then watches pods. */
  public void start() throws IOException {
    Files.createDirectories(workDir);
    events = podman.start(List.of("podman", "events", "--format", "json"));
    events.getOutputStream().close();
    Thread reader = new Thread(this::readEvents, "kubelet-events");
    reader.setDaemon(true);
    reader.start();
    informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(selectorKey, selectorValue)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    schedule(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    if (pod.getMetadata().getDeletionTimestamp() != null) {
                      stop(pod);
                    }
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    stop(pod);
                  }
                });
  }

  /** What the kubelet saw of a pod: its status, kube play's output, every container's output. */
  public String describe(String namespace, String name) {
    Running running = runs.get(key(namespace, name));
    if (running == null) {
      return "pod " + namespace + "/" + name + ": never run by the kubelet stand-in\n";
    }
    StringBuilder text = new StringBuilder();
    text.append("pod ").append(namespace).append('/').append(name).append(" as run by podman:\n");
    text.append(Serialization.asYaml(running.run().status()));
    synchronized (running.notes()) {
      running.notes().forEach(n -> text.append(n).append('\n'));
    }
    Path log = running.dir().resolve("pod.log");
    text.append("--- output of every container (").append(log).append(") ---\n");
    try {
      text.append(Files.exists(log) ? Files.readString(log) : "(none)\n");
    } catch (IOException e) {
      text.append("(unreadable: ").append(e).append(")\n");
    }
    return text.toString();
  }

  private void schedule(Pod pod) {
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    String name =
        KubePlayTranslation.podmanName(
            pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    Running running =
        new Running(pod, new PodRun(pod, Instant.now()), workDir.resolve(name), new ArrayList<>());
    if (runs.putIfAbsent(key, running) == null) {
      executor.execute(() -> run(running));
    }
  }

  private void run(Running running) {
    Pod pod = running.pod();
    PodRun run = running.run();
    writeStatus(running);
    KubePlayTranslation.Translated translated;
    Path yaml = running.dir().resolve("pod.yaml");
    try {
      translated = translation.translate(pod, running.dir(), new ApiObjects());
      prepare(translated, yaml);
    } catch (RuntimeException | IOException e) {
      note(running, "cannot translate the pod: " + e);
      run.podFailed("KubeletStandInError", "cannot translate the pod: " + e.getMessage());
      writeStatus(running);
      return;
    }
    for (var entry : translated.terminationFiles().entrySet()) {
      containers.put(
          translated.podmanName() + "-" + entry.getKey(),
          new Watched(running, entry.getKey(), entry.getValue()));
    }
    Duration deadline =
        pod.getSpec().getActiveDeadlineSeconds() == null
            ? DEFAULT_DEADLINE
            : Duration.ofSeconds(pod.getSpec().getActiveDeadlineSeconds());
    List<String> play = new ArrayList<>(List.of("kube", "play", "--quiet"));
    play.add("--log-opt=path=" + running.dir().resolve("pod.log"));
    play.addAll(translated.playOptions());
    play.add(yaml.toString());
    Instant started = Instant.now();
    Podman.Result played = podman.exec(play, deadline);
    note(running, "podman " + String.join(" ", play) + " → exit " + played.exitCode());
    if (!played.output().isBlank()) {
      note(running, played.output().strip());
    }
    try {
      Duration left = deadline.minus(Duration.between(started, Instant.now()));
      boolean done =
          played.exitCode() == 0
              ? run.awaitFinished(left.isNegative() ? Duration.ZERO : left)
              : run.awaitFinished(EVENTS_AFTER_PLAY);
      if (!done) {
        if (played.exitCode() == 0 || played.exitCode() == -1) {
          run.podFailed(PodRun.DEADLINE_EXCEEDED, "Pod was active on the node longer than allowed");
        } else {
          run.podFailed("KubeletStandInError", "podman kube play failed: " + played.output());
        }
        writeStatus(running);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Podman.Result down =
          podman.exec(List.of("kube", "down", yaml.toString()), Duration.ofMinutes(2));
      if (down.exitCode() != 0) {
        note(running, "podman kube down → exit " + down.exitCode() + ": " + down.output());
      }
      // emptyDir volumes end with the pod
      Podman.deleteTree(running.dir().resolve("volumes"));
    }
  }

  private void prepare(KubePlayTranslation.Translated translated, Path yaml) throws IOException {
    for (Path dir : translated.directories()) {
      Files.createDirectories(dir);
    }
    for (KubePlayTranslation.HostFile file : translated.files()) {
      Files.createDirectories(file.path().getParent());
      Files.write(file.path(), file.content());
      Files.setPosixFilePermissions(file.path(), file.mode());
    }
    Files.writeString(yaml, Serialization.asYaml(translated.pod()));
  }

  private void stop(Pod pod) {
    Running running = runs.get(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
    if (running != null && !running.run().finished()) {
      String name =
          KubePlayTranslation.podmanName(
              pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      note(running, "pod deleted from the API server: stopping it");
      podman.exec(List.of("pod", "rm", "--force", name), Duration.ofMinutes(1));
      running.run().podFailed("Deleted", "the pod was deleted");
    }
  }

  private void readEvents() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("{")) {
          try {
            event(JSON.readTree(line));
          } catch (IOException | RuntimeException e) {
            // one bad event must not stop the kubelet from seeing the others
            System.err.println("kubelet stand-in: cannot handle podman event " + line + ": " + e);
          }
        }
      }
    } catch (IOException e) {
      // the events process ended (close())
    }
  }

  private void event(JsonNode event) {
    if (!"container".equals(event.path("Type").asText())) {
      return;
    }
    Watched watched = containers.get(event.path("Name").asText());
    if (watched == null) {
      return;
    }
    Instant at = Instant.parse(event.path("Time").asText());
    PodRun run = watched.running().run();
    switch (event.path("Status").asText()) {
      // podman leaves ContainerExitCode out of the event when it is 0
      case "start" -> run.started(watched.container(), at);
      case "died" ->
          run.died(
              watched.container(),
              event.path("ContainerExitCode").asInt(0),
              terminationMessage(watched.terminationFile()),
              at);
      default -> {
        return;
      }
    }
    writeStatus(watched.running());
  }

  private static String terminationMessage(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int length = Math.min(bytes.length, TERMINATION_MESSAGE_LIMIT);
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the termination message " + file, e);
    }
  }

  private void writeStatus(Running running) {
    synchronized (running.run()) {
      var status = running.run().status();
      try {
        client
            .pods()
            .inNamespace(running.pod().getMetadata().getNamespace())
            .withName(running.pod().getMetadata().getName())
            .editStatus(
                p -> {
                  p.setStatus(status);
                  return p;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          note(running, "cannot write the pod status: " + e.getMessage());
        }
      }
    }
  }

  /** The ConfigMaps and Secrets of the API server, read when a pod starts, as a kubelet does. */
  private final class ApiObjects implements KubePlayTranslation.ClusterObjects {
    @Override
    public ConfigMap configMap(String namespace, String name) {
      return client.configMaps().inNamespace(namespace).withName(name).get();
    }

    @Override
    public Secret secret(String namespace, String name) {
      return client.secrets().inNamespace(namespace).withName(name).get();
    }
  }

  private static void note(Running running, String text) {
    synchronized (running.notes()) {
      running.notes().add(text);
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** Stops watching; pods still running get two minutes to finish and be taken down. */
  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (events != null) {
      events.destroy();
    }
  }
}
