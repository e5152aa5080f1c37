package org.reflow.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reflow.data.Points;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.VelocityField;

/**
 * How a set of generated images compares with real ones in a {@link FeatureClassifier}'s eyes:
 * the Fréchet distance of their penultimate features (FD, as FID but in this classifier's
 * features), class coverage (the overlap Σ_c min(p_c, q_c) of the classes the classifier assigns
 * the samples, p, and the reference images, q: 1 when the mix of classes is the reference's) and
 * the mean confidence (the mean top class probability).
 *
 * @param histogram the fraction of samples assigned to each class
 */
public record ImageQuality(double fd, double coverage, double confidence, double[] histogram) {

  /**
   * Real images as the classifier sees them, computed once and compared with every sample set.
   *
   * @param histogram the fraction of reference images assigned to each class
   */
  public record Reference(FeatureClassifier classifier, FrechetDistance.Moments moments, double[] histogram) {

    public static Reference of(FeatureClassifier classifier, Points images) {
      FeatureClassifier.Seen seen = classifier.see(images);
      return new Reference(classifier, FrechetDistance.Moments.of(seen.features()), ImageQuality.histogram(seen));
    }
  }

  /**
   * What an evaluation of an image flow records for one solver: {@code nfe}, the {@link #asMap}
   * metrics of the images it generates from {@code x0}, and {@code transport_cost} E‖Z1 − Z0‖².
   * (W2, MMD and energy distance compare pixels, which says little of images at 784 dimensions.)
   */
  public static Map<String, Double> ofFlow(VelocityField flow, Points x0, Reference reference, Solver solver) {
    SolveResult result = solver.solve(flow, x0, false);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("nfe", (double) result.evaluations());
    m.putAll(measure(reference, result.points()).asMap());
    m.put("transport_cost", x0.meanSquaredDistance(result.points()));
    return m;
  }

  /** The quality of {@code samples} ([n, 784], n ≥ 2) against {@code reference}. */
  public static ImageQuality measure(Reference reference, Points samples) {
    FeatureClassifier.Seen seen = reference.classifier().see(samples);
    double fd = FrechetDistance.of(FrechetDistance.Moments.of(seen.features()), reference.moments());
    double[] histogram = histogram(seen);
    double coverage = 0;
    for (int c = 0; c < histogram.length; c++) {
      coverage += Math.min(histogram[c], reference.histogram()[c]);
    }
    double confidence = 0;
    for (int i = 0; i < samples.count(); i++) {
      confidence += seen.probabilities().get(i, seen.predicted(i));
    }
    return new ImageQuality(fd, coverage, confidence / samples.count(), histogram);
  }

  private static double[] histogram(FeatureClassifier.Seen seen) {
    int n = seen.probabilities().count();
    double[] h = new double[seen.probabilities().dim()];
    for (int i = 0; i < n; i++) {
      h[seen.predicted(i)] += 1.0 / n;
    }
    return h;
  }

  /** The metrics by name, as an evaluation records them: fd, class_coverage, confidence, class_0 .. class_9. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("fd", fd);
    m.put("class_coverage", coverage);
    m.put("confidence", confidence);
    for (int c = 0; c < histogram.length; c++) {
      m.put("class_" + c, histogram[c]);
    }
    return m;
  }
}
