package org.reflow.run;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.SourceRef;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.RunState;
import org.reflow.experiment.StageRecord;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.StageKind;
import org.reflow.spec.StageSpec;
import org.reflow.work.ArtifactSource;
import org.reflow.work.Coupler;
import org.reflow.work.Evaluator;
import org.reflow.work.ModelSpecFields;
import org.reflow.work.PairBatchPart;
import org.reflow.work.PairsRequest;
import org.reflow.work.Simulator;
import org.reflow.work.Trainer;
import org.reflow.work.TrainingConfigFields;

/**
 * What a {@link Conductor} asks of its workers for a stage, built from the spec and the run as the
 * Experiment recorded it: the pairs to generate, to open and to train on, and the checkpoints to
 * evaluate. It sends nothing itself.
 */
final class StageRequests {

  private final ExperimentSpec spec;
  private final String runId;
  private final ArtifactSource artifacts;
  private final ActorRef<Experiment.Command> experiment;

  StageRequests(ExperimentSpec spec, String runId, ArtifactSource artifacts, ActorRef<Experiment.Command> experiment) {
    this.spec = spec;
    this.runId = runId;
    this.artifacts = artifacts;
    this.experiment = experiment;
  }

  /** A reflow or distill stage's pairs, generated from its teacher's final checkpoint, keeping {@code kept}. */
  Simulator.Generate generate(String stage, RunState state, Map<Integer, String> kept,
      ActorRef<Simulator.Generated> replyTo) {
    StageSpec s = spec.stages().get(stage);
    var pairs = s.pairs().orElseThrow();
    var teacher = finalCheckpoint(state, s.teacher().orElseThrow());
    var variant = spec.variantOf(stage);
    return new Simulator.Generate(runId, stage, couplingId(stage), ModelSpecFields.of(variant.model()),
        teacher.checkpointId(), teacher.sha256(), variant.source(), variant.variant().seed(),
        pairs.solver().describe(), pairs.count(), pairs.shardSize(), kept, artifacts, experiment, replyTo);
  }

  /** A rectify stage's pairs, coupled afresh from its source and target. */
  PairsRequest freshPairs(String stage) {
    var variant = spec.variantOf(stage);
    return new PairsRequest.FreshPairs(spec.stages().get(stage).coupling(), variant.source(), variant.target(),
        variant.variant().seed(), stage);
  }

  /** The pairs of a coupling the Experiment recorded, in shard order. */
  PairsRequest recordedPairs(String stage, StageRecord recorded) {
    return storedPairs(stage, recorded.shards().values().stream()
        .sorted(Comparator.comparingInt(Event.CouplingShardWritten::shardIndex))
        .map(w -> new PairsRequest.Shard(w.shardIndex(), w.fromPair(), w.toPair(), w.sha256())).toList());
  }

  PairsRequest storedPairs(String stage, List<PairsRequest.Shard> shards) {
    var variant = spec.variantOf(stage);
    return new PairsRequest.StoredPairs(shards, artifacts, variant.model().dim(), variant.variant().seed(), stage);
  }

  /** Opens a stage's pairs from the batch its training continues at. */
  Coupler.OpenPairs openPairs(String stage, PairsRequest request, Optional<ResumePlan.Restart> restart,
      ActorRef<Coupler.SourceRefReply> replyTo) {
    return new Coupler.OpenPairs(request, restart.map(ResumePlan.Restart::step).orElse(0L),
        spec.stages().get(stage).train().batchSize(), replyTo);
  }

  /** Trains a stage on {@code pairs}, from its init stage's final checkpoint or its restart checkpoint. */
  Trainer.Train train(String stage, RunState state, Optional<ResumePlan.Restart> restart,
      SourceRef<PairBatchPart> pairs, ActorRef<Trainer.Progress> progress) {
    StageSpec s = spec.stages().get(stage);
    Optional<String> init = s.init().map(i -> finalCheckpoint(state, i).sha256());
    Optional<String> coupling = s.kind() == StageKind.RECTIFY ? Optional.empty() : Optional.of(couplingId(stage));
    var variant = spec.variantOf(stage);
    return new Trainer.Train(runId, stage, ModelSpecFields.of(variant.model()), TrainingConfigFields.of(s.train()),
        variant.variant().seed(), s.checkpointEvery(), init, restart.map(ResumePlan.Restart::sha256), coupling,
        pairs, experiment, artifacts, progress);
  }

  Evaluator.Evaluate evaluate(EvaluationSchedule.Due due, ActorRef<Evaluator.Evaluated> replyTo) {
    var variant = spec.variantOf(due.stage());
    return new Evaluator.Evaluate(runId, due.stage(), due.checkpointId(), due.sha256(), due.step(),
        ModelSpecFields.of(variant.model()), variant.source(), variant.target(), variant.variant().seed(),
        spec.evaluation().samples(), due.solvers(), artifacts, experiment, replyTo);
  }

  /** The final checkpoint of a completed stage; {@code state} is the active run. */
  private static StageRecord.CheckpointRef finalCheckpoint(RunState state, String stage) {
    StageRecord record = ((RunState.Active) state).stages().get(stage);
    String id = record.finalCheckpoint().orElseThrow();
    return new StageRecord.CheckpointRef(id, record.checkpoint(id).orElseThrow().sha256());
  }

  private String couplingId(String stage) {
    return "cp-" + runId + "-" + stage;
  }
}
