package dev.stowage.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A RUN step inherits no descriptor of the engine or of the launcher. */
class DescriptorTest {

  private static final Linker LINKER = Linker.nativeLinker();
  private static final MethodHandle OPEN =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("open").orElseThrow(),
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("close").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  @TempDir Path tmp;
  BusyboxRoot root;
  final ChrootRunner runner = ChrootRunner.create();
  final RecordingSink sink = new RecordingSink();
  int leaked = -1;

  @BeforeEach
  void rootfs() throws Exception {
    root = BusyboxRoot.create(tmp);
  }

  @AfterEach
  void closeLeaked() throws Throwable {
    if (leaked >= 0) {
      int ignored = (int) CLOSE.invokeExact(leaked);
    }
  }

  @Test
  void descriptorOpenedWithoutCloexecInTheEngineIsNotInherited() throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      leaked =
          (int) OPEN.invokeExact(arena.allocateFrom(root.secret.toString()), 2 /* O_RDWR */, 0);
    }
    assertThat(leaked).isGreaterThan(2);
    String script =
        "echo x >&"
            + leaked
            + "; cat <&"
            + leaked
            + "; echo x >&3; echo x >&4; echo x >&9; echo end";

    RunResult result = runner.run(root.sh(script), sink);

    assertThat(result.exitCode()).isZero();
    assertThat(sink.out()).isEqualTo("end");
    assertThat(sink.stderr).hasSize(5).allMatch(line -> line.contains("Bad file descriptor"));
    assertThat(Files.readString(root.secret)).isEqualTo(BusyboxRoot.SECRET + "\n");
  }

  @Test
  void descriptorsTheLauncherInheritsAreClosedBeforeTheCommand() throws Exception {
    // the wrapper hands the launcher JVM open descriptors 3, 5 and 9 on the secret outside the root
    List<String> wrapper =
        List.of(
            "/bin/sh",
            "-c",
            "exec 3<\"$0\" 5<\"$0\" 9<\"$0\"; exec \"$@\"",
            root.secret.toString());
    ChrootRunner leaky = new ChrootRunner(LauncherCommand.ofCurrentJvm().withWrapper(wrapper));

    RunResult result = leaky.run(root.sh("cat <&3; cat <&5; cat <&9; echo end"), sink);

    assertThat(result.exitCode()).isZero();
    assertThat(sink.out()).isEqualTo("end");
    assertThat(sink.stderr).hasSize(3).allMatch(line -> line.contains("Bad file descriptor"));
  }

  @Test
  void withoutTheLauncherTheSameDescriptorReadsTheSecret() throws Exception {
    ChrootEscapeTest.Output plain =
        ChrootEscapeTest.exec(
            List.of(
                "/bin/sh",
                "-c",
                "exec 3<\"$0\"; exec /usr/sbin/chroot \"$1\" /bin/sh -c 'cat <&3'",
                root.secret.toString(),
                root.rootfs.toString()));

    assertThat(plain.stdout()).contains(BusyboxRoot.SECRET);
  }
}
