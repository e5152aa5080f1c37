package org.reflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import org.reflow.store.HomeNames;

/**
 * What happens to a run after its last event: the process that ran (or last resumed) it wrote
 * the report in {@code reportSeconds}, closed its actor system and journal in
 * {@code shutdownSeconds} and was done at {@code endedAt}. The journal cannot hold this (it is
 * closed by then), so it lives beside the report, in {@code REFLOW_HOME/<runId>/timings.json}.
 *
 * @param processStartedAt when that process's JVM started
 * @param figuresDrawnEarly how many stages' report figures were drawn during the run ({@link FigurePrefetch}),
 *     not in {@code reportSeconds} (0 in files written before they were)
 */
public record ProcessTimes(Instant processStartedAt, double reportSeconds, int figuresDrawnEarly, double shutdownSeconds,
    Instant endedAt) {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  /** {@code REFLOW_HOME/<runId>/timings.json}. */
  public static Path path(Path home, String runId) {
    return home.resolve(HomeNames.runId(runId)).resolve("timings.json");
  }

  /** Writes the file through a temporary name, so a reader never sees half of it. */
  public void write(Path home, String runId) {
    Path file = path(home, runId);
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      JSON.writeValue(temporary.toFile(), this);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage() + " (is the home writable?)", e);
    }
  }

  /** The run's file; empty when the run has none (recorded before it was, or run on another machine). */
  public static Optional<ProcessTimes> read(Path home, String runId) {
    Path file = path(home, runId);
    try {
      return Optional.of(JSON.readValue(file.toFile(), ProcessTimes.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage()
          + "; delete it (it only holds the report's and shutdown's times) and the run shows without them", e);
    }
  }
}
