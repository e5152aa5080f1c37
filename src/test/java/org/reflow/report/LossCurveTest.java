package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reflow.experiment.Event;

class LossCurveTest {

  @Test
  void theCurveIsTheConcatenationOfTheCheckpointsLogsEachStepOnce() {
    Series curve = LossCurve.of("rf1", List.of(saved(3, 3.0, 2.5, 2.0), saved(5, 1.5, 1.0)));
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, curve.x());
    assertArrayEquals(new double[] {3.0, 2.5, 2.0, 1.5, 1.0}, curve.y());
  }

  @Test
  void aStepLoggedAgainAfterAResumeKeepsItsLaterLoss() {
    Series curve = LossCurve.of("rf1", List.of(saved(2, 4.0, 3.0), saved(4, 2.0, 1.0), saved(4, 2.0, 0.5)));
    assertArrayEquals(new double[] {1, 2, 3, 4}, curve.x());
    assertArrayEquals(new double[] {4.0, 3.0, 2.0, 0.5}, curve.y());
  }

  private static Event.CheckpointSaved saved(long step, Double... losses) {
    return new Event.CheckpointSaved("ck-" + step, "rf1", step, "0".repeat(64), Optional.empty(), Optional.empty(),
        losses[losses.length - 1], List.of(losses));
  }
}
