package org.reflow.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reflow.experiment.Event;

/**
 * A stage's training loss against step, rebuilt from its checkpoints' training logs: each
 * {@link Event.CheckpointSaved#losses()} holds the steps since the previous checkpoint, so the
 * curve is their concatenation.
 */
public final class LossCurve {

  private LossCurve() {}

  /**
   * The loss of every logged step, in step order. A step logged twice (a resumed stage that
   * retrained past a lost artifact) keeps its later value.
   */
  public static Series of(String stage, List<Event.CheckpointSaved> checkpoints) {
    Map<Long, Double> byStep = new TreeMap<>();
    for (Event.CheckpointSaved c : checkpoints) {
      List<Double> log = c.losses();
      for (int i = 0; i < log.size(); i++) {
        // losses.get(i) is the loss of step (step − losses.size() + i + 1)
        byStep.put(c.step() - log.size() + i + 1, log.get(i));
      }
    }
    double[] steps = new double[byStep.size()];
    double[] losses = new double[byStep.size()];
    int i = 0;
    for (var e : byStep.entrySet()) {
      steps[i] = e.getKey();
      losses[i] = e.getValue();
      i++;
    }
    return new Series(stage, steps, losses);
  }
}
