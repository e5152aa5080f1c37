package org.reflow.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.experiment.JournalMaintenance;
import org.reflow.experiment.ReflowSettings;
import org.reflow.experiment.RunLock;
import org.reflow.store.RecipeIndex;

/**
 * {@code reflow gc}: what a home holds that no recorded run needs, and its removal. Deleted are
 * artifacts no remaining run reaches ({@link References}) and no recipe names ({@link RecipeIndex}), temporary files left by killed
 * processes, forgotten runs — their events, their folder {@code <home>/<runId>} and lock — unless a
 * remaining run's lineage passes through them, and the lineage index when it is stale (lineage
 * rebuilds it).
 *
 * <p>A run being written may have an artifact stored whose event is not yet persisted, or a
 * temporary file half written. So while any run's lock is held, unreferenced artifacts and
 * temporaries younger than {@link #GRACE} (by modification time; the store touches an artifact it
 * is given again) are kept. Files are listed before the locks are probed and the journal read: a
 * file listed while no run was live was written by a process that has ended, whose events are then
 * in the journal.
 */
public final class HomeGc {

  /** How old an unreferenced file must be to be deleted while a run is being written. */
  public static final Duration GRACE = Duration.ofMinutes(10);

  /** A file gc deletes, and its size. */
  public record Garbage(Path path, long bytes) {}

  /**
   * What one gc finds.
   *
   * @param forgottenRuns forgotten runs whose events, folder and lock are deleted, with their event counts
   * @param keptForgotten forgotten runs kept because remaining runs' lineage passes through them (→ those runs)
   * @param artifacts unreferenced artifacts
   * @param temporaries temporary files left by processes that ended
   * @param runFolders files under the folders of forgotten runs (reports)
   * @param staleIndex the lineage index, when it is stale
   * @param liveRuns runs another process is writing now
   * @param youngKept unreferenced files kept because they are younger than {@link #GRACE} while a run is live
   */
  public record Plan(
      Map<String, Integer> forgottenRuns, Map<String, References.Dependence> keptForgotten, List<Garbage> artifacts,
      List<Garbage> temporaries, List<Garbage> runFolders, List<Garbage> staleIndex, Set<String> liveRuns, int youngKept) {

    /** Every file this plan deletes. */
    public List<Garbage> files() {
      List<Garbage> all = new ArrayList<>(artifacts);
      all.addAll(temporaries);
      all.addAll(runFolders);
      all.addAll(staleIndex);
      return all;
    }

    public long bytes() {
      return files().stream().mapToLong(Garbage::bytes).sum();
    }
  }

  private HomeGc() {}

  /** What gc would delete in {@code home} now; deletes nothing. */
  public static Plan plan(Path home, Journal journal) {
    Instant now = Instant.now();
    List<Path> listedArtifacts = listArtifacts(home.resolve("artifacts").resolve("sha256"));
    List<Path> listedTemporaries = listTemporaries(home);
    Set<String> live = RunLocks.live(home);
    Instant cutoff = live.isEmpty() ? Instant.MAX : now.minus(GRACE);

    Map<String, List<Event>> runs = References.read(journal);
    // a tombstone whose run has no events left is a gc that stopped half way: finished now
    Set<String> forgotten = Forgotten.runIds(home);
    References references = References.of(runs, forgotten);

    Map<String, Integer> removed = new LinkedHashMap<>();
    List<Garbage> runFolders = new ArrayList<>();
    for (String runId : forgotten) {
      if (!references.dependents().containsKey(runId) && !live.contains(runId)) {
        removed.put(runId, runs.getOrDefault(runId, List.of()).size());
        runFolders.addAll(garbage(listTree(home.resolve(runId))));
      }
    }
    Set<String> byRecipe = RecipeIndex.artifacts(home); // the home's own artifacts (the feature classifier), kept
    List<Path> unreferenced = listedArtifacts.stream()
        .filter(f -> !references.artifacts().contains(sha(f)) && !byRecipe.contains(sha(f))).toList();
    List<Path> oldArtifacts = unreferenced.stream().filter(f -> olderThan(f, cutoff)).toList();
    // a lineage index temporary may be another process's lineage writing (it takes no lock): only ever by age
    List<Path> oldTemporaries = listedTemporaries.stream()
        .filter(f -> olderThan(f, f.getParent().equals(home) ? now.minus(GRACE) : cutoff)).toList();
    int young = unreferenced.size() - oldArtifacts.size() + listedTemporaries.size() - oldTemporaries.size();
    List<Garbage> index = !removed.isEmpty() || indexNamesUnknownRun(home, runs.keySet())
        ? garbage(Stream.of(home.resolve(LINEAGE_INDEX)).filter(Files::isRegularFile).toList()) : List.of();
    return new Plan(removed, references.dependents(), garbage(oldArtifacts), garbage(oldTemporaries), runFolders, index,
        live, young);
  }

  /**
   * Deletes what {@code plan} found: first each forgotten run (holding its lock, so no resume
   * starts meanwhile; a run taken since is left for the next gc), then the files.
   *
   * @return the forgotten runs whose events were deleted
   */
  public static Set<String> sweep(Plan plan, ReflowSettings settings) {
    Path home = settings.home();
    Set<String> done = new TreeSet<>();
    for (String runId : plan.forgottenRuns().keySet()) {
      try (RunLock lock = RunLock.acquire(settings, runId)) {
        if (!Forgotten.isForgotten(home, runId)) {
          continue; // restored since the plan ('rm --restore'): not garbage any more
        }
        // the tombstone goes last, so a gc stopped half way finishes the run the next time
        plan.runFolders().stream().filter(g -> g.path().startsWith(home.resolve(runId))).forEach(g -> delete(g.path()));
        deleteEmptyFolders(home.resolve(runId));
        JournalMaintenance.deleteRun(settings, runId);
        Files.deleteIfExists(home.resolve("locks").resolve(runId + ".lock"));
        Forgotten.clear(home, runId);
        done.add(runId);
      } catch (RunLock.HeldException e) {
        // restored and being resumed since the plan: not garbage any more
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the lock file of run " + runId + " (" + e.getMessage() + ")", e);
      }
    }
    for (List<Garbage> files : List.of(plan.artifacts(), plan.temporaries(), plan.staleIndex())) {
      files.forEach(g -> delete(g.path()));
    }
    return done;
  }

  private static final String LINEAGE_INDEX = "lineage-index.tsv";

  private static List<Path> listArtifacts(Path root) {
    return listTree(root).stream().filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}\\.npz")).toList();
  }

  /** Files in artifacts/tmp, and lineage-index temporaries beside the index (these only ever by age). */
  private static List<Path> listTemporaries(Path home) {
    List<Path> found = new ArrayList<>(listTree(home.resolve("artifacts").resolve("tmp")));
    try (Stream<Path> files = Files.list(home)) {
      files.filter(f -> f.getFileName().toString().startsWith(LINEAGE_INDEX) && f.getFileName().toString().endsWith(".tmp"))
          .forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + home + " (" + e.getMessage() + ")", e);
    }
    return found;
  }

  private static List<Path> listTree(Path root) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile()) {
            files.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + " (" + e.getMessage() + ")", e);
    }
    return files;
  }

  private static List<Garbage> garbage(List<Path> files) {
    List<Garbage> out = new ArrayList<>();
    for (Path f : files) {
      try {
        out.add(new Garbage(f, Files.size(f)));
      } catch (IOException gone) {
        // removed meanwhile (a temporary renamed into place): nothing to delete
      }
    }
    return out;
  }

  private static String sha(Path artifact) {
    String name = artifact.getFileName().toString();
    return name.substring(0, name.length() - ".npz".length());
  }

  private static boolean olderThan(Path file, Instant cutoff) {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    } catch (IOException gone) {
      return false;
    }
  }

  /** Whether the index records a run the journal no longer has (its runs are lines "run\tID\t…"). */
  private static boolean indexNamesUnknownRun(Path home, Set<String> runIds) {
    Path index = home.resolve(LINEAGE_INDEX);
    if (!Files.isRegularFile(index)) {
      return false;
    }
    try (Stream<String> lines = Files.lines(index)) {
      return lines.filter(l -> l.startsWith("run\t")).map(l -> l.split("\t")[1]).anyMatch(id -> !runIds.contains(id));
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + " (" + e.getMessage() + "); check its permissions"
          + " and run 'reflow gc' again", e);
    }
  }

  private static void deleteEmptyFolders(Path root) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path dir : tree.filter(Files::isDirectory).sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        try (Stream<Path> left = Files.list(dir)) {
          if (left.findAny().isEmpty()) {
            Files.delete(dir);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the folder " + root + " (" + e.getMessage() + ")", e);
    }
  }
}
