package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small, real file systems for tests that fill a disk or make it read-only: a tmpfs mounted where
 * this process may mount (root, as in CI), with {@code mount -o remount} to resize it or freeze
 * it. Where mounting is refused (a developer's machine, not root) the tests fall back to faults
 * an unprivileged process can cause; as root a refused mount fails the test instead, so CI always
 * runs on a real full disk.
 */
final class Disk {

  private Disk() {}

  /** Whether tmpfs can be mounted here, tried on a scratch folder under {@code dir}; as root it must be. */
  static boolean mountable(Path dir) throws IOException, InterruptedException {
    Path probe = Files.createDirectories(dir.resolve("mount-probe"));
    boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.toString()).isEmpty();
    if (mounted) {
      unmount(probe);
    }
    assertFalse(!mounted && isRoot(), "running as root, yet 'mount -t tmpfs' failed: this test needs CAP_SYS_ADMIN in CI");
    return mounted;
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Mounts a fresh tmpfs on {@code dir} with {@code options}, e.g. "size=600k" or "ro,size=600k". */
  static void mount(Path dir, String options) throws IOException, InterruptedException {
    assertEquals("", run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()), "mount " + dir);
  }

  /** Changes a mounted tmpfs in place, keeping its files: "ro", or "rw,size=64m". */
  static void remount(Path dir, String options) throws IOException, InterruptedException {
    assertEquals("", run("mount", "-o", "remount," + options, dir.toString()), "remount " + dir);
  }

  /** Unmounts {@code dir}, lazily if a process still holds a file there. */
  static void unmount(Path dir) throws IOException, InterruptedException {
    if (!run("umount", dir.toString()).isEmpty()) {
      run("umount", "-l", dir.toString());
    }
  }

  /** Writes {@code file} until its file system has no room left, to the last block. */
  static void fill(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int size = 1 << 16; size >= 1 << 9; size >>= 1) {
        byte[] block = new byte[size];
        try {
          while (true) {
            out.write(block);
            out.flush();
          }
        } catch (IOException full) {
          // this block size no longer fits: try smaller ones
        }
      }
    } catch (IOException closingAFullFile) {
      // the file is as large as the disk allows
    }
  }

  /**
   * The fallback for a full disk where mounting is refused: from now on process {@code pid} may
   * not grow any file past {@code bytes} (its RLIMIT_FSIZE, as {@code ulimit -f} sets it); such
   * a write fails with EFBIG, as one on a full disk fails with ENOSPC.
   */
  static void limitFileSize(long pid, long bytes) throws IOException, InterruptedException {
    assertEquals("", run("prlimit", "--pid", Long.toString(pid), "--fsize=" + bytes + ":" + bytes), "prlimit " + pid);
  }

  /** Runs a command; returns its output when it failed, "" when it succeeded. */
  private static String run(String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out: " + String.join(" ", args);
    }
    return p.exitValue() == 0 ? "" : (out.isBlank() ? "exit " + p.exitValue() : out);
  }
}
