package org.reflow.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The experiments the dashboard may launch: the YAML files directly in {@code REFLOW_HOME/experiments/},
 * named by file name alone. A name with a folder, {@code ..}, or anything but letters, digits,
 * {@code .}, {@code _} and {@code -} ending in {@code .yaml} or {@code .yml} is refused before it
 * names a file, and a file whose real path (links followed) leaves the folder is refused too.
 */
final class HomeExperiments {

  static final String FOLDER = "experiments";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.ya?ml");

  private final Path folder;

  HomeExperiments(Path home) {
    this.folder = home.resolve(FOLDER);
  }

  /** The names of the YAML files in the folder, sorted; none when there is no folder. */
  List<String> names() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
          .filter(n -> NAME.matcher(n).matches() && !n.contains("..")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** The file of experiment {@code name}, checked to be a YAML file inside the folder. */
  Path file(String name) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw ApiError.badRequest("'" + name + "' is not an experiment name: give a file name from GET /api/experiments"
          + " (letters, digits, '.', '_' and '-', ending in .yaml), without a folder; the dashboard launches only the"
          + " YAML files in " + folder);
    }
    Path file = folder.resolve(name);
    try {
      if (Files.isRegularFile(file) && file.toRealPath().startsWith(folder.toRealPath())) {
        return file;
      }
    } catch (IOException e) {
      // not there: refused below
    }
    throw ApiError.notFound("no experiment '" + name + "' in " + folder + "; copy the YAML file there to launch it"
        + " from the dashboard (GET /api/experiments lists them)");
  }
}
