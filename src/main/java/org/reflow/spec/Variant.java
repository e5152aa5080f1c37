package org.reflow.spec;

import java.util.Map;

/**
 * One copy of the stage graph in a run: a point of the sweep at one seed. A spec without
 * {@code replicates} or {@code sweep} has one, named "" and holding every stage under its own id;
 * otherwise each variant's stages are named {@code NAME/STAGE}, e.g. {@code s3/rf1},
 * {@code lr=0.01/rf1} or {@code lr=0.01/s3/rf1}. Variants share nothing but the spec: each has
 * its own seed (so its own data pools, draws and evaluation points), stages, couplings and
 * checkpoints, and a failure in one does not stop the others.
 *
 * @param name the stages' prefix without its slash ("" for a plain spec)
 * @param point the sweep point's part of the name, e.g. {@code lr=0.01} ("" without a sweep): variants
 *     with the same point are replicates of one another
 * @param replicate the replicate's index, 0 to replicates − 1
 * @param seed the run's seed plus the replicate's index: every random draw of the variant's stages uses it
 * @param assignments the sweep point, KEY.PATH → value as written (empty without a sweep)
 * @param stages the variant's stage ids in the run → the stage ids in the file, in file order
 */
public record Variant(String name, String point, int replicate, long seed, Map<String, String> assignments,
    Map<String, String> stages) {

  /** The stage id in the run of the file's stage {@code base}. */
  public String stage(String base) {
    return name.isEmpty() ? base : name + "/" + base;
  }
}
