package org.reflow.serve;

import org.reflow.lineage.LineageQuery;
import org.reflow.store.HomeNames;

/**
 * A lineage ID from a URL, checked as {@code reflow lineage} checks its argument before the journal
 * is asked: a {@code ck-…} must be a checkpoint id, an {@code fc-…} a feature classifier id (16 hex
 * digits) and RUN/… must start with a run id, so that a {@code ..} or a {@code /} never reaches a
 * path under the home.
 */
final class LineageIds {

  private LineageIds() {}

  static void check(String id) {
    try {
      int slash = id.indexOf('/');
      if (id.startsWith("ck-")) {
        HomeNames.checkpointId(id);
      } else if (id.startsWith("fc-")) {
        if (!id.matches("fc-[0-9a-f]{16}")) {
          throw new IllegalArgumentException("'" + id + "' is not a feature classifier id (fc- and 16 hex digits)");
        }
      } else if (slash >= 0) {
        HomeNames.runId(id.substring(0, slash));
      } else if (!id.startsWith("cp-") || id.contains("..")) {
        throw new IllegalArgumentException("'" + id + "' is not a lineage ID");
      }
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage() + "; " + LineageQuery.IDS);
    }
  }
}
