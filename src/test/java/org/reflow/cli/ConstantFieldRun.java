package org.reflow.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.reflow.experiment.Event;
import org.reflow.experiment.Experiment;
import org.reflow.experiment.ReflowSystem;
import org.reflow.flow.Activation;
import org.reflow.flow.CheckpointFile;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.TrainingCheckpoint;
import org.reflow.flow.VelocityMlp;
import org.reflow.spec.SpecReader;
import org.reflow.store.ArtifactStore;
import org.reflow.store.Sha256;

/**
 * A completed one-stage run whose only checkpoint is a network with every weight 0 and output bias
 * b: it outputs b for every x and t, a velocity field whose flow is known exactly (x ↦ x + b). Its
 * events go through the real Experiment actor into the home's journal, its file into the home's store.
 */
final class ConstantFieldRun {

  private static final Duration ASK = Duration.ofSeconds(60);

  private ConstantFieldRun() {}

  /** Writes the run of {@code specYaml} (one stage, rf1, 2-D) into {@code home}; returns its run id. */
  static String write(Path home, String specYaml, float[] b) throws Exception {
    return write(home, specYaml, b, Optional.empty());
  }

  /**
   * Writes the run as {@link #write(Path, String, float[])} does, except that when {@code failure}
   * is given rf1 fails with that reason after its checkpoint (and so does the run) instead of completing.
   */
  static String write(Path home, String specYaml, float[] b, Optional<String> failure) throws Exception {
    ModelSpec spec = new ModelSpec(2, List.of(4), Activation.TANH, new TimeEncoding.Raw());
    Map<String, float[]> zeros = VelocityMlp.zeros(spec).parameters().toArrays();
    Map<String, float[]> parameters = new HashMap<>(zeros);
    parameters.put("layer1.bias", b.clone());
    TrainingCheckpoint checkpoint = new TrainingCheckpoint(spec, 1, parameters, zeros, zeros, 1, Optional.empty());
    String sha = ArtifactStore.open(home).put(file -> CheckpointFile.write(file, checkpoint, Map.of("stage", "rf1")));
    String checkpointId = "ck-" + sha.substring(0, 16);
    String runId = "20260101-000000-c0de";
    try (ReflowSystem<SpawnProtocol.Command> system = ReflowSystem.start(SpawnProtocol.create(),
        ConfigFactory.parseMap(Map.of("reflow.home", home.toString())))) {
      ActorRef<Experiment.Command> run = AskPattern.<SpawnProtocol.Command, ActorRef<Experiment.Command>>ask(system.actorSystem(),
          replyTo -> new SpawnProtocol.Spawn<>(Experiment.create(runId), runId, Props.empty(), replyTo),
          ASK, system.actorSystem().scheduler()).toCompletableFuture().get();
      ack(system, run, r -> new Experiment.Submit("constant-field", specYaml, Sha256.hex(specYaml.getBytes(StandardCharsets.UTF_8)),
          1, Instant.parse("2026-01-01T00:00:00Z"), "test", Map.of("rf1", List.of()), home.toString(),
          SpecReader.parse(specYaml, "constant-field.yaml", home, List.of()).dataSha256(), Map.of(), r));
      StatusReply<Integer> attempt = AskPattern.<Experiment.Command, StatusReply<Integer>>ask(run,
          r -> new Experiment.StartStage("rf1", r), ASK, system.actorSystem().scheduler()).toCompletableFuture().get();
      assertTrue(attempt.isSuccess(), attempt.toString());
      ack(system, run, r -> new Experiment.RecordCheckpoint(new Event.CheckpointSaved(checkpointId, "rf1", 1, sha,
          Optional.empty(), Optional.empty(), 0.0, List.of(0.0)), r));
      if (failure.isPresent()) {
        ack(system, run, r -> new Experiment.FailStage("rf1", failure.get(), r));
      } else {
        ack(system, run, r -> new Experiment.CompleteStage("rf1", checkpointId, r));
      }
    }
    return runId;
  }

  private static void ack(ReflowSystem<SpawnProtocol.Command> system, ActorRef<Experiment.Command> run,
      Function<ActorRef<StatusReply<Done>>, Experiment.Command> command) throws Exception {
    StatusReply<Done> reply = AskPattern.ask(run, command::apply, ASK, system.actorSystem().scheduler())
        .toCompletableFuture().get();
    assertTrue(reply.isSuccess(), reply.toString());
  }
}
