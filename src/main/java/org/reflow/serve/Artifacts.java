package org.reflow.serve;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.reflow.experiment.Event;
import org.reflow.experiment.Journal;
import org.reflow.lineage.LineageQuery;
import org.reflow.store.ArtifactStore;
import org.reflow.store.CorruptArtifactException;
import org.reflow.store.HomeNames;

/**
 * An artifact of the home's store, by checkpoint id or by SHA-256, checked against its hash before
 * it is sent; the hash travels in {@code X-Reflow-SHA256} and as the ETag. Only names of the
 * store's form are looked up, so a request can name no other file.
 */
final class Artifacts {

  private Artifacts() {}

  static HttpResponse download(Journal journal, RunTable table, Path home, String id) {
    String sha256;
    String name;
    if (id.startsWith("ck-")) {
      checked(() -> HomeNames.checkpointId(id));
      sha256 = checkpointSha256(journal, table, home, id).orElseThrow(() -> ApiError.notFound("no checkpoint '" + id
          + "' in this home; GET /api/runs/RUN lists a run's checkpoints"));
      name = id;
    } else {
      checked(() -> HomeNames.sha256(id));
      sha256 = id;
      name = id.substring(0, 16);
    }
    Path file;
    try {
      file = ArtifactStore.open(home).verified(sha256, "artifact " + id);
    } catch (CorruptArtifactException e) {
      return ApiError.response(StatusCodes.NOT_FOUND, "artifact " + id + " (sha256 " + sha256 + ") is missing or damaged"
          + " in this home's store: it must be regenerated or restored ('reflow resume' remakes a run's artifacts)");
    }
    return HttpResponse.create()
        .addHeader(RawHeader.create("X-Reflow-SHA256", sha256))
        .addHeader(RawHeader.create("ETag", "\"" + sha256 + "\""))
        .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + name + ".npz\""))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, file));
  }

  private static Optional<String> checkpointSha256(Journal journal, RunTable table, Path home, String id) {
    for (String run : LineageQuery.runsRecording(journal, home, id)) {
      for (Event e : table.current(run).history().events()) {
        if (e instanceof Event.CheckpointSaved c && c.checkpointId().equals(id)) {
          return Optional.of(c.sha256());
        }
      }
    }
    return Optional.empty();
  }

  private static void checked(Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage() + "; an artifact is named by its checkpoint id (ck-…) or its SHA-256");
    }
  }
}
