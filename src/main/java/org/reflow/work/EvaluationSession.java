package org.reflow.work;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.reflow.data.Distribution;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.StepEngines;
import org.reflow.flow.TrainingCheckpoint;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.Straightness;
import org.reflow.flow.solve.VelocityField;
import org.reflow.metrics.Classifiers;
import org.reflow.metrics.ImageQuality;
import org.reflow.metrics.SampleQuality;
import org.reflow.rand.Rng;
import org.reflow.spec.SourceSpec;
import org.reflow.store.ArtifactStore;

/**
 * The numeric side of one evaluation inside an {@link Evaluator}: the checkpoint's flow, the
 * evaluation points and the metrics recorded so far. Not thread-safe by design: only the
 * Evaluator touches it, on its own dispatcher.
 */
final class EvaluationSession {

  /** Euler steps over which straightness is measured. */
  static final int STRAIGHTNESS_STEPS = 100;

  /** For images, where each step is a 784-wide network's pass over every sample: fewer. */
  static final int IMAGE_STRAIGHTNESS_STEPS = 16;

  final Evaluator.Evaluate order;
  private final NodeArtifacts artifacts;
  private List<Solver> solvers;
  private VelocityField flow;
  private final TargetCache targets;
  private Points x0;
  private SampleQuality.Target target;
  private double straightness;
  /** For a Fashion-MNIST target: the feature classifier and the real images it compares with. */
  private Optional<ImageQuality.Reference> images = Optional.empty();
  /** That classifier as the journal records it with each image metric, so lineage can show it. */
  private Optional<Event.Classifier> classifier = Optional.empty();
  private final Map<String, Map<String, Double>> bySolver = new LinkedHashMap<>();
  private int next;
  /** Time spent before the next measurement (loading, straightness), counted in its recorded seconds. */
  private long unreportedNanos;

  EvaluationSession(Evaluator.Evaluate order, NodeArtifacts artifacts, TargetCache targets) {
    this.order = order;
    this.artifacts = artifacts;
    this.targets = targets;
  }

  /**
   * The last target an Evaluator made ready ({@link SampleQuality.Target}), kept for its next
   * evaluations: every checkpoint of a run is measured against the same target sample, so its
   * sorted projections and its own MMD and energy terms are computed once per run, not per
   * checkpoint and solver: the same values, and about 1 s less of the 17 s the main job spends
   * evaluating (measured).
   */
  static final class TargetCache {
    private record Key(String runId, SourceSpec target, long seed, int samples) {}

    private Key key;
    private SampleQuality.Target target;

    SampleQuality.Target get(Evaluator.Evaluate order, Supplier<SampleQuality.Target> make) {
      Key wanted = new Key(order.runId(), order.target(), order.seed(), order.samples());
      if (!wanted.equals(key)) {
        target = make.get();
        key = wanted;
      }
      return target;
    }
  }

  /** Checks the order, loads the flow, draws the evaluation points and measures straightness. */
  void start() {
    long started = System.nanoTime();
    if (order.solvers().isEmpty()) {
      throw new IllegalArgumentException("no solvers to evaluate checkpoint " + order.checkpointId()
          + " with; name at least one, e.g. euler:1");
    }
    if (order.samples() <= 0) {
      throw new IllegalArgumentException("an evaluation needs samples > 0, got " + order.samples());
    }
    solvers = order.solvers().stream().map(Solver::parse).toList(); // a typo fails before anything is recorded
    String what = "checkpoint " + order.checkpointId() + " (step " + order.step() + " of stage '" + order.stage() + "')";
    TrainingCheckpoint checkpoint = CheckpointFile.read(artifacts.input(order.checkpointSha256(), what),
        Optional.of(order.checkpointSha256()));
    ModelSpec spec = order.model().toSpec();
    if (!checkpoint.spec().sameArchitecture(spec)) {
      throw new IllegalArgumentException("the " + what + " is a " + checkpoint.spec().describe()
          + " but the evaluation names a " + spec.describe() + "; give it the stage's architecture");
    }
    flow = StepEngines.field(checkpoint, false);
    // Keyed by the seed alone, not the stage or step: every checkpoint of the run is measured on the same points.
    Distribution pi0 = order.source().open(order.seed(), "pi0");
    Distribution pi1 = order.target().open(order.seed(), "pi1");
    if (pi0.dim() != spec.dim() || pi1.dim() != spec.dim()) {
      throw new IllegalArgumentException("π0 (" + order.source() + ") is " + pi0.dim() + "-dimensional and π1 ("
          + order.target() + ") " + pi1.dim() + "-dimensional, but the flow is " + spec.dim()
          + "-dimensional; evaluate with the stage's source and target");
    }
    x0 = pi0.sample(Rng.of(order.seed(), "eval", "x0", 0), order.samples());
    if (order.target() instanceof SourceSpec.FashionMnistImages fm) {
      images = Optional.of(Classifiers.reference(artifacts.home(), fm.folder(), fm.classes()));
      classifier = Optional.of(recorded(Classifiers.forHome(artifacts.home(), fm.folder())));
      straightness = Straightness.of(flow, x0, IMAGE_STRAIGHTNESS_STEPS);
      unreportedNanos = System.nanoTime() - started;
      return;
    }
    target = targets.get(order, () -> SampleQuality.Target.of(
        pi1.sample(Rng.of(order.seed(), "eval", "x1", 0), order.samples()), metricsRng()));
    straightness = Straightness.of(flow, x0, STRAIGHTNESS_STEPS);
    unreportedNanos = System.nanoTime() - started;
  }

  /** The generator of every measurement's random directions and pairs: the same for every solver and checkpoint. */
  private Rng metricsRng() {
    return Rng.of(order.seed(), "eval", "metrics", 0);
  }

  /** The solver text to measure next. */
  String nextSolver() {
    return order.solvers().get(next);
  }

  /** The metrics of the flow sampled with {@code solver}, as the event that records them. */
  Event.MetricsRecorded measure(String solver) {
    long started = System.nanoTime();
    Map<String, Double> values = new LinkedHashMap<>(images.isPresent()
        ? ImageQuality.ofFlow(flow, x0, images.get(), solvers.get(next))
        : SampleQuality.measure(flow, x0, target, solvers.get(next), metricsRng()).asMap());
    values.put("straightness", straightness);
    double seconds = (System.nanoTime() - started + unreportedNanos) / 1e9;
    unreportedNanos = 0;
    return new Event.MetricsRecorded(order.checkpointId(), order.stage(), order.step(), solver, values,
        Optional.of(seconds), classifier);
  }

  private static Event.Classifier recorded(Classifiers.Recorded c) {
    return new Event.Classifier(c.id(), c.sha256(), c.recipeSha256(), c.recipe(), c.dataSha256(), c.testAccuracy(),
        c.fdFloor(), c.fdCeiling());
  }

  /** The Experiment recorded these metrics: the next solver may be measured. */
  void recorded(Event.MetricsRecorded metrics) {
    bySolver.put(metrics.solver(), metrics.values());
    next++;
  }

  boolean finished() {
    return next == order.solvers().size();
  }

  Map<String, Map<String, Double>> bySolver() {
    return new LinkedHashMap<>(bySolver);
  }
}
