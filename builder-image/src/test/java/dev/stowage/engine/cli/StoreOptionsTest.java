package dev.stowage.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.stowage.engine.cli.args.ArgumentParser;
import dev.stowage.engine.cli.args.CommandSpec;
import dev.stowage.engine.storage.ImageStore;
import dev.stowage.engine.storage.StorageException;
import dev.stowage.engine.storage.StoreSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store options and their environment defaults, as every command sees them. */
class StoreOptionsTest {

  @TempDir Path tmp;

  private static StoreOptions parse(Map<String, String> env, String... args) {
    StoreOptions store = new StoreOptions(env);
    ArgumentParser.Parsed parsed =
        ArgumentParser.parse(
            CommandSpec.named("holder").options(store.options()).build(), List.of(args));
    assertThat(parsed.error()).isEmpty();
    return store;
  }

  /** An empty store as the builder image presets it: the two lock files and nothing else. */
  private Path emptyStore(String name) throws Exception {
    Path root = tmp.resolve(name);
    Files.createDirectories(root.resolve("overlay-images"));
    Files.createDirectories(root.resolve("overlay-layers"));
    Files.createFile(root.resolve("overlay-images/images.lock"));
    Files.createFile(root.resolve("overlay-layers/layers.lock"));
    return root;
  }

  @Test
  void storageRootComesFromTheEnvironmentWhenTheOptionIsAbsent() {
    StoreOptions options = parse(Map.of("STOWAGE_STORAGE_ROOT", "/var/lib/containers/storage"));

    assertThat(options.storageRoot()).isEqualTo(Path.of("/var/lib/containers/storage"));
  }

  @Test
  void storageRootOptionWinsOverTheEnvironment() {
    StoreOptions options =
        parse(Map.of("STOWAGE_STORAGE_ROOT", "/from/env"), "--storage-root", "/from/option");

    assertThat(options.storageRoot()).isEqualTo(Path.of("/from/option"));
    assertThat(parse(Map.of("STOWAGE_STORAGE_ROOT", "/from/env"), "--root", "/r").storageRoot())
        .isEqualTo(Path.of("/r"));
  }

  @Test
  void blankStorageRootVariableMeansTheBuiltInDefault() {
    assertThat(parse(Map.of("STOWAGE_STORAGE_ROOT", " ")).storageRoot())
        .isEqualTo(parse(Map.of()).storageRoot());
  }

  @Test
  void additionalStoresOfTheEnvironmentAreSearchedAfterTheOptionsInTheirOrder() {
    StoreOptions options =
        parse(
            Map.of("STOWAGE_ADDITIONAL_STORES", "/env/a:/env/b"),
            "--additional-store",
            "/opt/x",
            "--additional-store",
            "/opt/y");

    assertThat(options.additionalStores())
        .containsExactly(
            Path.of("/opt/x"), Path.of("/opt/y"), Path.of("/env/a"), Path.of("/env/b"));
  }

  @Test
  void emptyEntriesOfTheAdditionalStoresVariableAreSkippedAndRepeatsSearchedOnce() {
    StoreOptions options =
        parse(
            Map.of("STOWAGE_ADDITIONAL_STORES", ":/env/a::/opt/x:/env/a/:"),
            "--additional-store",
            "/opt/x");

    assertThat(options.additionalStores()).containsExactly(Path.of("/opt/x"), Path.of("/env/a"));
    assertThat(parse(Map.of("STOWAGE_ADDITIONAL_STORES", "")).additionalStores()).isEmpty();
  }

  @Test
  void anEmptyStoreWithItsLockFilesOpensFromTheEnvironment() throws Exception {
    Path shared = emptyStore("shared");
    Path root = tmp.resolve("root");

    StoreSet stores =
        parse(
                Map.of(
                    "STOWAGE_STORAGE_ROOT", root.toString(),
                    "STOWAGE_ADDITIONAL_STORES", shared.toString()))
            .open();

    assertThat(stores.stores())
        .extracting(ImageStore::root, ImageStore::readOnly)
        .containsExactly(tuple(root.toAbsolutePath(), false), tuple(shared.toAbsolutePath(), true));
    assertThat(stores.images()).isEmpty();
  }

  @Test
  void aMissingStoreInTheEnvironmentIsAnErrorNamingTheVariableAndCreatesNothing() {
    Path root = tmp.resolve("root");
    StoreOptions options =
        parse(
            Map.of(
                "STOWAGE_STORAGE_ROOT",
                root.toString(),
                "STOWAGE_ADDITIONAL_STORES",
                tmp.resolve("nowhere").toString()));

    assertThatThrownBy(options::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("STOWAGE_ADDITIONAL_STORES names " + tmp.resolve("nowhere"))
        .hasMessageContaining("does not exist");
    assertThat(root).doesNotExist();
  }

  @Test
  void aDirectoryThatIsNoStoreInTheEnvironmentIsAnError() throws Exception {
    Path notAStore = Files.createDirectories(tmp.resolve("plain"));
    Files.writeString(notAStore.resolve("file"), "x");
    StoreOptions options =
        parse(
            Map.of(
                "STOWAGE_STORAGE_ROOT",
                tmp.resolve("root").toString(),
                "STOWAGE_ADDITIONAL_STORES",
                notAStore.toString()));

    assertThatThrownBy(options::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("STOWAGE_ADDITIONAL_STORES")
        .hasMessageContaining("is not a containers/storage store");
  }

  @Test
  void aStoreWithoutLockFilesInTheEnvironmentIsAnError() throws Exception {
    Path half = tmp.resolve("half");
    Files.createDirectories(half.resolve("overlay-images"));
    StoreOptions options =
        parse(
            Map.of(
                "STOWAGE_STORAGE_ROOT",
                tmp.resolve("root").toString(),
                "STOWAGE_ADDITIONAL_STORES",
                half.toString()));

    assertThatThrownBy(options::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("STOWAGE_ADDITIONAL_STORES")
        .hasMessageContaining(".lock is missing");
  }

  @Test
  void aMissingStoreGivenAsOptionIsAnErrorWithoutTheVariablesName() {
    StoreOptions options =
        parse(
            Map.of("STOWAGE_STORAGE_ROOT", tmp.resolve("root").toString()),
            "--additional-store",
            tmp.resolve("nowhere").toString());

    assertThatThrownBy(options::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining("STOWAGE_ADDITIONAL_STORES");
  }
}
