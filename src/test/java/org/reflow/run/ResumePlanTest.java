package org.reflow.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reflow.experiment.Event;
import org.reflow.experiment.RunHistory;
import org.reflow.spec.ExperimentSpec;
import org.reflow.spec.SpecReader;
import org.reflow.store.ArtifactStore;

/**
 * Where a stopped run continues, from a hand-built history over a real artifact store: the
 * last intact checkpoint, the intact shards, and a refusal — naming the artifact, the stage and
 * what to do — when a lost artifact cannot be rebuilt from the records.
 */
class ResumePlanTest {

  private static final ExperimentSpec SPEC = SpecReader.read(Path.of("src/test/resources/specs/valid/tiny-chain.yaml"), List.of());

  @TempDir Path home;
  private ArtifactStore store;
  private final Map<String, String> sha = new LinkedHashMap<>();

  @BeforeEach
  void artifacts() {
    store = ArtifactStore.open(home);
    for (String name : List.of("rf1@30", "rf1@60", "rf2@30", "shard0", "shard1")) {
      sha.put(name, store.put(f -> Files.writeString(f, name, StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aStageContinuesItsLastCheckpointAndKeepsItsShardsWhenAllIsIntact() {
    ResumePlan plan = ResumePlan.of(history(false), SPEC, store);
    assertEquals(Optional.of(new ResumePlan.Restart(30, id("rf2@30"), sha.get("rf2@30"))), plan.restart("rf2"));
    assertEquals(Map.of("rf2", List.of(0, 1), "rf2-distilled", List.of()), plan.keptShards());
    assertEquals(Map.of("rf2", 30L, "rf2-distilled", 0L), plan.restartSteps());
    assertTrue(plan.notes().isEmpty(), plan.notes()::toString);
  }

  @Test
  void damagedCheckpointsAndShardsAreLeftToBeRebuiltAndNoted() throws IOException {
    Files.delete(store.path(sha.get("rf2@30")));
    Files.writeString(store.path(sha.get("shard1")), "changed");
    ResumePlan plan = ResumePlan.of(history(false), SPEC, store);
    assertEquals(Optional.empty(), plan.restart("rf2"), "no intact checkpoint: the stage trains from its warm start");
    assertEquals(List.of(0), plan.keptShards().get("rf2"));
    assertEquals(2, plan.notes().size(), plan.notes()::toString);
    assertTrue(plan.notes().get(0).contains("checkpoint " + id("rf2@30") + " (step 30 of stage 'rf2') is missing or damaged"));
    assertTrue(plan.notes().get(1).startsWith("shard 1 of coupling cp-rf2 is missing or damaged"));
  }

  @Test
  void aLostTeacherThatShardsStillNeedRefusesThePlanButNotOnceTheCouplingIsComplete() throws IOException {
    Files.delete(store.path(sha.get("rf1@60")));
    ResumePlan.Refused refused = assertThrows(ResumePlan.Refused.class, () -> ResumePlan.of(history(false), SPEC, store));
    assertTrue(refused.getMessage().contains("checkpoint " + id("rf1@60") + ", the final checkpoint of stage 'rf1' that"
        + " stage 'rf2' simulates, is missing or damaged at " + store.path(sha.get("rf1@60"))), refused.getMessage());
    assertTrue(refused.getMessage().contains("Restore the file"), refused.getMessage());

    ResumePlan plan = ResumePlan.of(history(true), SPEC, store);
    assertEquals(30, plan.restart("rf2").orElseThrow().step(), "with its coupling complete and a checkpoint, rf2 needs rf1 no more");
  }

  /** rf1 completed; rf2 stopped after two shards and a checkpoint at step 30 (its coupling complete when asked). */
  private RunHistory history(boolean couplingComplete) {
    List<Event> events = TinyChainHistory.rf1CompletedRf2Started(step -> checkpoint("rf1", step));
    events.add(new Event.CouplingShardWritten("cp-rf2", "rf2", 0, 0, 256, sha.get("shard0")));
    events.add(new Event.CouplingShardWritten("cp-rf2", "rf2", 1, 256, 512, sha.get("shard1")));
    if (couplingComplete) {
      events.add(new Event.CouplingMaterialized("cp-rf2", "rf2", id("rf1@60"), "euler:10", 512, 5,
          List.of(sha.get("shard0"), sha.get("shard1"))));
    }
    events.add(checkpoint("rf2", 30));
    return RunHistory.of(events);
  }

  private Event.CheckpointSaved checkpoint(String stage, long step) {
    String name = stage + "@" + step;
    return new Event.CheckpointSaved(id(name), stage, step, sha.get(name), Optional.empty(), Optional.empty(), 1.0, List.of(1.0));
  }

  private String id(String name) {
    return "ck-" + sha.get(name).substring(0, 16);
  }
}
