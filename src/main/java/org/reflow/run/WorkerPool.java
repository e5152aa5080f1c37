package org.reflow.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.reflow.work.Trainer;

/**
 * The workers a {@link Conductor} knows, as the Receptionist lists them on any node, and what each
 * does for this run: the stage a Trainer trains or a Simulator generates, the evaluations an
 * Evaluator owes. The Conductor's bookkeeping only: it sends nothing and watches nothing itself.
 */
final class WorkerPool {

  /** What a lost worker was doing, to be done again elsewhere. */
  record Lost(Optional<String> trained, Optional<String> generated, List<EvaluationSchedule.Due> owed) {}

  private final Map<ServiceKey<?>, List<ActorRef<?>>> workers = new LinkedHashMap<>();
  private final Set<ActorRef<?>> watched = new HashSet<>();
  /** Which stage each busy Trainer trains: one stage per Trainer at a time. */
  private final Map<ActorRef<?>, String> training = new LinkedHashMap<>();
  /** Which stage each busy Simulator generates pairs for. */
  private final Map<ActorRef<?>, String> simulating = new LinkedHashMap<>();
  /** The evaluations each Evaluator owes, so a lost Evaluator's go to another. */
  private final Map<ActorRef<?>, List<EvaluationSchedule.Due>> evaluating = new LinkedHashMap<>();
  private int nextWorker;

  /**
   * Takes a new listing. Returns the workers listed for the first time (to be watched) and, in
   * {@code dropped}, those that left the listing: a worker whose node left the cluster may leave
   * the listing before its Terminated arrives.
   */
  List<ActorRef<?>> listed(Receptionist.Listing listing, List<ActorRef<?>> dropped) {
    List<ActorRef<?>> before = workers.getOrDefault(listing.getKey(), List.of());
    List<ActorRef<?>> now = new ArrayList<>(instances(listing));
    workers.put(listing.getKey(), now);
    before.stream().filter(w -> !now.contains(w)).forEach(dropped::add);
    return now.stream().filter(watched::add).toList();
  }

  boolean has(ServiceKey<?> key) {
    return !workers.getOrDefault(key, List.of()).isEmpty();
  }

  /**
   * A worker of {@code key}: the least busy one (fewest stages generated or evaluations owed here),
   * taking turns among equals — so side-by-side work spreads over the cluster's nodes.
   */
  @SuppressWarnings("unchecked")
  <T> ActorRef<T> pick(ServiceKey<T> key) {
    List<ActorRef<?>> available = workers.get(key);
    int turn = nextWorker++;
    ActorRef<?> chosen = null;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < available.size(); i++) {
      ActorRef<?> candidate = available.get(Math.floorMod(turn + i, available.size()));
      int load = (simulating.containsKey(candidate) ? 1 : 0) + evaluating.getOrDefault(candidate, List.of()).size();
      if (load < least) {
        chosen = candidate;
        least = load;
      }
    }
    return (ActorRef<T>) chosen;
  }

  /** A Trainer training no stage, if any. */
  @SuppressWarnings("unchecked")
  Optional<ActorRef<Trainer.Command>> freeTrainer() {
    return workers.getOrDefault(Trainer.KEY, List.of()).stream().filter(t -> !training.containsKey(t)).findFirst()
        .map(t -> (ActorRef<Trainer.Command>) t);
  }

  void training(ActorRef<Trainer.Command> trainer, String stage) {
    training.put(trainer, stage);
  }

  void trainerFree(ActorRef<Trainer.Command> trainer) {
    training.remove(trainer);
  }

  void trained(String stage) {
    training.values().remove(stage);
  }

  void simulating(ActorRef<?> simulator, String stage) {
    simulating.put(simulator, stage);
  }

  void generated(String stage) {
    simulating.values().remove(stage);
  }

  void owes(ActorRef<?> evaluator, EvaluationSchedule.Due due) {
    evaluating.computeIfAbsent(evaluator, k -> new ArrayList<>()).add(due);
  }

  void evaluated(String checkpointId) {
    evaluating.values().forEach(dues -> dues.removeIf(d -> d.checkpointId().equals(checkpointId)));
  }

  /** Forgets {@code worker} and says what it was doing; a worker already lost is not lost twice. */
  Lost lose(ActorRef<?> worker) {
    workers.values().forEach(list -> list.remove(worker));
    watched.remove(worker);
    return new Lost(Optional.ofNullable(training.remove(worker)), Optional.ofNullable(simulating.remove(worker)),
        Optional.ofNullable(evaluating.remove(worker)).orElse(List.of()));
  }

  private static <T> Set<ActorRef<T>> instances(Receptionist.Listing listing) {
    @SuppressWarnings("unchecked")
    ServiceKey<T> key = (ServiceKey<T>) listing.getKey();
    return listing.getServiceInstances(key);
  }
}
