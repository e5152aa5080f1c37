package org.reflow.bench;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.reflow.coupling.IndependentCoupling;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.ReflowSystem;
import org.reflow.experiment.RunState;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.FlowTrainer;
import org.reflow.flow.VelocityMlp;
import org.reflow.rand.Rng;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecReader;
import org.reflow.spec.StageSpec;
import org.reflow.store.ArtifactStore;
import org.reflow.work.Conductor;
import org.reflow.work.Coupler;
import org.reflow.work.Trainer;

/**
 * What orchestration costs: one rectify stage of the paper's toy run through the actors (Coupler
 * streaming pairs over a SourceRef into a Trainer, each checkpoint persisted by the Experiment in
 * the H2 journal before training goes on) against the engine's bare loop doing the same steps and
 * writing the same checkpoints into the same kind of store. Alternating, median of the rounds.
 */
final class OrchestrationBenchmark {

  private static final String SPEC = """
      experiment: orchestration-bench
      seed: 3
      data:
        source: {toy: three-gaussians-source, pool: 10000}
        target: {toy: three-gaussians-target, pool: 10000}
      defaults:
        train: {steps: %d, batch: 2048, lr: 5.0e-3, checkpoint_every: %d}
      stages:
        rf1: {kind: rectify}
      """;

  private OrchestrationBenchmark() {}

  static Map<String, Object> run(int steps, int checkpointEvery, int rounds) throws Exception {
    ExperimentSpec spec = parse(steps, checkpointEvery);
    ExperimentSpec oneStep = parse(1, 1);
    double[] bare = new double[rounds];
    double[] actors = new double[rounds];
    double[] fixed = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      bare[r] = bareSeconds(spec);
      actors[r] = actorSeconds(spec, "bench-" + r);
      fixed[r] = actorSeconds(oneStep, "bench-fixed-" + r);
    }
    double bareMedian = StepBenchmark.median(bare);
    double actorMedian = StepBenchmark.median(actors);
    double fixedMedian = StepBenchmark.median(fixed);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stage", "rectify, " + spec.model().describe() + ", batch 2048, " + steps + " steps, checkpoint every " + checkpointEvery);
    out.put("bare_loop_seconds_median", StepBenchmark.round(bareMedian));
    out.put("through_actors_seconds_median", StepBenchmark.round(actorMedian));
    out.put("actors_over_bare", StepBenchmark.round(actorMedian / bareMedian));
    // Paid once per run whatever its length: journal connection, submission, pools, the first stream.
    out.put("one_step_run_seconds_median", StepBenchmark.round(fixedMedian));
    out.put("actors_over_bare_without_the_one_step_run", StepBenchmark.round((actorMedian - fixedMedian) / bareMedian));
    out.put("rounds", rounds);
    return out;
  }

  private static ExperimentSpec parse(int steps, int checkpointEvery) {
    return SpecReader.parse(SPEC.formatted(steps, checkpointEvery), "orchestration-bench.yaml", Path.of("."), List.of());
  }

  private static double bareSeconds(ExperimentSpec spec) throws IOException {
    Path home = Files.createTempDirectory("reflow-bench-bare");
    StageSpec stage = spec.stages().get("rf1");
    ArtifactStore store = ArtifactStore.open(home);
    long t0 = System.nanoTime();
    FlowTrainer trainer = FlowTrainer.start(VelocityMlp.initialize(spec.model(), Rng.of(spec.seed(), "rf1", "init", 0)),
        new IndependentCoupling(spec.source().open(spec.seed(), "pi0"), spec.target().open(spec.seed(), "pi1"), spec.seed(), "rf1"),
        stage.train(), spec.seed(), "rf1");
    while (trainer.completedSteps() < stage.train().steps()) {
      trainer.step();
      if (trainer.completedSteps() % stage.checkpointEvery() == 0 || trainer.completedSteps() == stage.train().steps()) {
        var checkpoint = trainer.checkpoint();
        store.put(f -> CheckpointFile.write(f, checkpoint, Map.of("stage", "rf1")));
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double actorSeconds(ExperimentSpec spec, String runId) throws Exception {
    Path home = Files.createTempDirectory("reflow-bench-actors");
    CompletableFuture<RunState> ended = new CompletableFuture<>();
    long[] t0 = new long[1];
    var guardian = Behaviors.<Void>setup(context -> {
      context.spawn(Coupler.create(), "coupler");
      context.spawn(Trainer.create(), "trainer", Trainer.dispatcher(context.getSystem()));
      var experiment = context.spawn(Experiment.create(runId), "experiment");
      var listener = context.spawn(Behaviors.receive(Conductor.Update.class)
          .onMessage(Conductor.RunEnded.class, m -> {
            ended.complete(m.state());
            return Behaviors.stopped();
          })
          .onAnyMessage(m -> Behaviors.same()).build(), "listener");
      t0[0] = System.nanoTime();
      context.spawn(Conductor.create(spec, runId, home.toString(), "bench", experiment, listener), "conductor");
      return Behaviors.empty();
    });
    try (ReflowSystem<Void> system = ReflowSystem.start(guardian, ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      RunState state = ended.get(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - t0[0]) / 1e9;
      if (!(state instanceof RunState.Finished f) || !f.succeeded()) {
        throw new IllegalStateException("the benchmark run did not complete: " + state);
      }
      return seconds;
    }
  }
}
