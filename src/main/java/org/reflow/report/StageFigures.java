package org.reflow.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.reflow.coupling.Coupling;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.coupling.PairShard;
import org.reflow.coupling.StoredCoupling;
import org.reflow.data.Distribution;
import org.reflow.data.Points;
import org.reflow.experiment.Event;
import org.reflow.experiment.StageRecord;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.StepEngines;
import org.reflow.flow.solve.Euler;
import org.reflow.flow.solve.SolveResult;
import org.reflow.flow.solve.Solver;
import org.reflow.flow.solve.Straightness;
import org.reflow.flow.solve.VelocityField;
import org.reflow.metrics.Wasserstein;
import org.reflow.rand.Rng;
import org.reflow.spec.StageKind;
import org.reflow.spec.StageSpec;
import org.reflow.store.ArtifactStore;

/**
 * What the report shows of one stage, computed from its latest checkpoint (the final one once the
 * stage completed) on the report's fixed draws of π0 and π1, so every stage is measured on the
 * same points.
 *
 * @param checkpoint the checkpoint measured; empty when the stage saved none yet
 * @param distances sliced W2 to the target at each Euler grid of {@link DistanceVsNfe#EULER_GRIDS}, then RK45
 * @param straightness S on a {@value #EULER_STEPS}-step Euler path (NaN without a checkpoint)
 * @param transportCost E‖Z1 − Z0‖² of the {@value #EULER_STEPS}-step Euler coupling (NaN without one)
 * @param oneStep for 2-D data, the samples at N = 1
 * @param manySteps for 2-D data, the samples at N = {@value #EULER_STEPS}
 * @param trajectories for 2-D data, the paths of the first {@value #TRAJECTORIES} points
 * @param coupling for 2-D data, pairs of the coupling the stage trained on
 * @param notes why something is missing (no checkpoint yet, a missing artifact), for the page
 * @param charts for 2-D data, the stage's charts when they were drawn ahead ({@link FigurePrefetch}), else empty
 */
public record StageFigures(
    String id, StageKind kind, Rectification level, String status,
    Optional<Event.CheckpointSaved> checkpoint, List<DistanceVsNfe.Point> distances, double straightness,
    double transportCost, Optional<Points> oneStep, Optional<Points> manySteps, List<Points> trajectories,
    Optional<CouplingView> coupling, List<String> notes, Optional<StageCharts> charts) {

  /** Euler steps of the "many steps" samples, the paths and the straightness. */
  public static final int EULER_STEPS = 100;
  /** Paths drawn per stage. */
  public static final int TRAJECTORIES = 30;
  /** Coupling segments drawn per stage. */
  public static final int SEGMENTS = 300;

  /**
   * The draws every stage is measured on; {@code sliced} is the target on the directions every
   * solve's sliced W2 uses, sorted once for all of them.
   */
  record Draws(Distribution pi0, Distribution pi1, Points x0, Points target, long seed, Path home,
      Wasserstein.SlicedReference sliced) {
    Draws(Distribution pi0, Distribution pi1, Points x0, Points target, long seed, Path home) {
      this(pi0, pi1, x0, target, seed, home, Wasserstein.SlicedReference.of(target, DistanceVsNfe.PROJECTIONS,
          Rng.of(seed, "report", "sliced", 0)));
    }
  }

  static StageFigures of(StageRecord stage, StageSpec spec, Rectification level, Draws draws) {
    List<String> notes = new ArrayList<>();
    Optional<Event.CheckpointSaved> measured = measured(stage);
    boolean twoD = draws.x0().dim() == 2;
    Optional<CouplingView> coupling = Optional.empty();
    if (twoD) {
      coupling = coupling(stage, spec, draws, notes);
    }
    if (measured.isEmpty()) {
      notes.add("stage '" + stage.id() + "' saved no checkpoint yet");
      return new StageFigures(stage.id(), spec.kind(), level, status(stage), measured, List.of(), Double.NaN,
          Double.NaN, Optional.empty(), Optional.empty(), List.of(), coupling, notes, Optional.empty());
    }
    Event.CheckpointSaved c = measured.get();
    VelocityField flow = StepEngines.field(CheckpointFile.read(ArtifactStore.open(draws.home()).verified(c.sha256(),
        "checkpoint " + c.checkpointId() + " (step " + c.step() + " of stage '" + stage.id() + "')"),
        Optional.of(c.sha256())), false);
    List<Solver> solvers = new ArrayList<>(DistanceVsNfe.EULER_GRIDS);
    solvers.add(DistanceVsNfe.RK45);
    List<DistanceVsNfe.Point> distances = new ArrayList<>();
    SolveResult one = null;
    SolveResult many = null;
    for (Solver solver : solvers) {
      SolveResult result = solver.solve(flow, draws.x0(), false);
      // the same directions for every solve and stage, so their distances compare
      distances.add(DistanceVsNfe.of(solver, result, draws.sliced()));
      if (solver.equals(new Euler(1))) {
        one = result;
      } else if (solver.equals(new Euler(EULER_STEPS))) {
        many = result;
      }
    }
    double straightness = Straightness.of(flow, draws.x0(), EULER_STEPS);
    double transport = draws.x0().meanSquaredDistance(many.points());
    Optional<Points> oneStep = Optional.empty();
    Optional<Points> manySteps = Optional.empty();
    List<Points> paths = List.of();
    if (twoD) {
      oneStep = Optional.of(one.points());
      manySteps = Optional.of(many.points());
      paths = Trajectories.of(flow, first(draws.x0(), TRAJECTORIES), EULER_STEPS);
    }
    return new StageFigures(stage.id(), spec.kind(), level, status(stage), measured, distances, straightness,
        transport, oneStep, manySteps, paths, coupling, notes, Optional.empty());
  }

  /** A stage whose figures cannot be computed, and why (a missing artifact, a failed solve). */
  static StageFigures unavailable(StageRecord stage, StageSpec spec, Rectification level, String reason) {
    return new StageFigures(stage.id(), spec.kind(), level, status(stage), Optional.empty(), List.of(), Double.NaN,
        Double.NaN, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(reason), Optional.empty());
  }

  /**
   * These figures with their 2-D charts drawn over {@code target}, in the colour of the stage's
   * place {@code index} in the run; the same figures when there are none to draw (no checkpoint, not 2-D).
   */
  StageFigures withCharts(Points target, int index) {
    if (oneStep.isEmpty()) {
      return this;
    }
    return new StageFigures(id, kind, level, status, checkpoint, distances, straightness, transportCost, oneStep,
        manySteps, trajectories, coupling, notes, Optional.of(StageCharts.of(this, target, index)));
  }

  /** The charts drawn ahead for the stage at place {@code index} in the run; empty when drawn for another place, or none. */
  Optional<StageCharts> chartsAt(int index) {
    return charts.filter(c -> c.index() == index);
  }

  /** "rf2 (2-RF)". */
  public String title() {
    return id + " (" + level.label() + ")";
  }

  /** A stage's pairs: the stored coupling it generated, or for a rectify stage its coupling of π0 and π1. */
  private static Optional<CouplingView> coupling(StageRecord stage, StageSpec spec, Draws draws, List<String> notes) {
    Coupling coupling;
    String description;
    if (spec.kind() == StageKind.RECTIFY) {
      IndependentCoupling independent = new IndependentCoupling(draws.pi0(), draws.pi1(), draws.seed(), stage.id());
      coupling = spec.coupling().couple(independent);
      description = spec.coupling().yamlName() + " coupling of π0 and π1";
    } else if (stage.coupling().isPresent()) {
      Event.CouplingMaterialized c = stage.coupling().get();
      ArtifactStore store = ArtifactStore.open(draws.home());
      List<PairShard> shards = stage.shards().values().stream()
          .filter(s -> s.couplingId().equals(c.couplingId()))
          .sorted(Comparator.comparingInt(Event.CouplingShardWritten::shardIndex))
          .map(s -> new PairShard(s.shardIndex(), s.fromPair(), s.toPair(), store.verified(s.sha256(),
              "coupling shard " + s.shardIndex() + " of " + c.couplingId()), s.sha256()))
          .toList();
      coupling = new StoredCoupling(shards, draws.x0().dim(), draws.seed(), stage.id(), 1);
      description = "coupling " + c.couplingId() + ": " + c.pairs() + " pairs from " + c.teacherCheckpoint()
          + " with " + c.solver();
    } else {
      notes.add("stage '" + stage.id() + "' has not generated its coupling yet");
      return Optional.empty();
    }
    int count = SEGMENTS;
    if (coupling instanceof StoredCoupling stored) {
      count = (int) Math.min(count, stored.size());
    }
    if (count < 2) {
      notes.add("the coupling of stage '" + stage.id() + "' holds fewer than two pairs");
      return Optional.empty();
    }
    float[] z0 = new float[count * 2];
    float[] z1 = new float[count * 2];
    coupling.fill(0, z0, z1, count);
    return Optional.of(CouplingView.of(description, new Points(count, 2, z0), new Points(count, 2, z1)));
  }

  private static Points first(Points x, int count) {
    int n = Math.min(count, x.count());
    return new Points(n, x.dim(), Arrays.copyOf(x.values(), n * x.dim()));
  }

  /** The checkpoint a stage's figures measure: its final one once it completed, else its latest. */
  static Optional<Event.CheckpointSaved> measured(StageRecord stage) {
    return stage.finalCheckpoint().flatMap(stage::checkpoint).or(stage::lastCheckpoint);
  }

  static String status(StageRecord stage) {
    return stage.status().name().toLowerCase();
  }
}
