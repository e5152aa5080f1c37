package org.reflow.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.PreInterruptCallback;
import org.junit.jupiter.api.extension.PreInterruptContext;

/**
 * When a test runs past its timeout ({@code junit-platform.properties} gives every test one), the
 * stacks of all threads, before JUnit interrupts the test: to the process's own standard error
 * (tests that run the command line in-process capture {@code System.out} and {@code System.err})
 * and to {@code target/thread-dumps/CLASS.METHOD.txt}, which {@code .ci/run} prints when a pass
 * fails. A hang then names where it waits instead of running out CI's clock.
 */
public final class ThreadDumpOnTimeout implements PreInterruptCallback {

  @Override
  public void beforeThreadInterrupt(PreInterruptContext preInterrupt, ExtensionContext context) throws IOException {
    StringBuilder dump = new StringBuilder("timeout in " + context.getUniqueId() + "; threads:\n");
    for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
      if (thread.getLockName() != null) {
        dump.append(" on ").append(thread.getLockName());
      }
      dump.append('\n');
      Arrays.stream(thread.getStackTrace()).forEach(frame -> dump.append("    at ").append(frame).append('\n'));
    }
    byte[] bytes = dump.toString().getBytes(StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    err.write(bytes);
    err.flush();
    Path folder = Files.createDirectories(Path.of("target", "thread-dumps"));
    String name = context.getRequiredTestClass().getSimpleName() + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
    Files.write(folder.resolve(name + ".txt"), bytes);
  }
}
