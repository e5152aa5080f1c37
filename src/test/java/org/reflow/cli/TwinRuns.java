package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.ReflowSystem;
import org.reflow.home.References;
import org.reflow.store.Sha256;

/**
 * A real home for the home-maintenance tests: the tiny chain run twice through {@code reflow run},
 * same spec and seed, so content addressing gives both runs the same checkpoint ids. Built once per
 * test JVM; each test gets its own copy.
 */
final class TwinRuns {

  static final String SPEC = "src/test/resources/specs/valid/tiny-chain.yaml";

  private static Path template;
  private static List<String> runIds;

  private TwinRuns() {}

  /** A copy of the two-run home in {@code dir}; returns the two run ids, in the order they ran. */
  static synchronized List<String> copyTo(Path dir) throws IOException {
    if (template == null) {
      Path home = Files.createTempDirectory("reflow-twin-runs");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home)));
      runIds = List.of(run(home), run(home));
      template = home;
    }
    copyTree(template, dir);
    return runIds;
  }

  private static String run(Path home) {
    String[] lines = Cli.expect(0, "run", SPEC, "--home", home.toString()).strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.matches("run \\S+ completed"), last);
    return last.split(" ")[1];
  }

  /** Every run's events, read from the home's journal. */
  static Map<String, List<Event>> events(Path home) {
    try (ReflowSystem<Void> system = ReflowSystem.start(Behaviors.empty(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      return References.read(new Journal(system));
    }
  }

  /** Every file under {@code root} (relative path → SHA-256 of its bytes). */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(f).toString(), Sha256.hex(f));
      }
    }
    return files;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the system cleans it eventually
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
