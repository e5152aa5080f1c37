package org.reflow.work;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.reflow.experiment.ReflowSettings;
import org.reflow.flow.BlasThreads;

/** The workers one node offers through the Receptionist, as many of each as configured, by role. */
public final class WorkerNode {

  /** What a node may offer: {@code reflow node --roles trainer,simulator}. */
  public enum Role {
    TRAINER, SIMULATOR, EVALUATOR, COUPLER;

    /** A comma-separated list of role names, e.g. "trainer,evaluator". */
    public static Set<Role> parse(String text) {
      Set<Role> roles = new LinkedHashSet<>();
      for (String name : text.split(",")) {
        String trimmed = name.trim().toUpperCase(Locale.ROOT);
        if (Arrays.stream(values()).noneMatch(r -> r.name().equals(trimmed))) {
          throw new IllegalArgumentException("unknown role '" + name.trim() + "' in '" + text + "'; roles are "
              + Arrays.stream(values()).map(Role::yamlName).collect(Collectors.joining(", ")));
        }
        roles.add(valueOf(trimmed));
      }
      return roles;
    }

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private WorkerNode() {}

  /** Spawns the Coupler and the numeric workers (on the numeric dispatcher) under {@code context}. */
  public static void spawn(ActorContext<?> context, int trainers, int simulators, int evaluators) {
    spawn(context, EnumSet.allOf(Role.class), new ReflowSettings.Workers(trainers, simulators, evaluators));
  }

  /** Spawns the workers of {@code roles} only, {@code counts} of each numeric kind. */
  public static void spawn(ActorContext<?> context, Set<Role> roles, ReflowSettings.Workers counts) {
    var numeric = Trainer.dispatcher(context.getSystem());
    // the numeric dispatcher's threads may each be inside a matrix product at once: share the cores among them
    var config = context.getSystem().settings().config();
    String poolSize = ReflowSettings.NUMERIC_DISPATCHER + ".thread-pool-executor.fixed-pool-size";
    BlasThreads.share(config.hasPath(poolSize) ? config.getInt(poolSize) : 1);
    if (roles.contains(Role.COUPLER)) {
      context.spawn(Coupler.create(), "coupler");
    }
    for (int i = 0; roles.contains(Role.TRAINER) && i < counts.trainers(); i++) {
      context.spawn(Trainer.create(), "trainer-" + i, numeric);
    }
    for (int i = 0; roles.contains(Role.SIMULATOR) && i < counts.simulators(); i++) {
      context.spawn(Simulator.create(), "simulator-" + i, numeric);
    }
    for (int i = 0; roles.contains(Role.EVALUATOR) && i < counts.evaluators(); i++) {
      context.spawn(Evaluator.create(), "evaluator-" + i, numeric);
    }
  }
}
