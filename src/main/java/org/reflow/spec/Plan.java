package org.reflow.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stage DAG of an experiment: a stage depends on its teacher and its init. Gives a
 * deterministic order (file order among stages whose inputs are ready) and, given the stages
 * done, which can start now — branches of one teacher become ready together.
 */
public final class Plan {

  private final Map<String, List<String>> dependencies;

  private Plan(Map<String, List<String>> dependencies) {
    this.dependencies = dependencies;
  }

  /** The plan of a spec's stages: each waits for its teacher, then its init (when another stage). */
  public static Plan of(Map<String, StageSpec> stages) {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    stages.forEach((id, s) -> {
      Set<String> d = new LinkedHashSet<>();
      s.teacher().ifPresent(d::add);
      s.init().ifPresent(d::add);
      inputs.put(id, List.copyOf(d));
    });
    return new Plan(inputs);
  }

  /** The plan recorded with a run: each stage's inputs, in the spec's stage order. */
  public static Plan ofInputs(Map<String, List<String>> inputs) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    inputs.forEach((id, deps) -> copy.put(id, List.copyOf(deps)));
    return new Plan(copy);
  }

  /** Each stage's inputs (teacher, then init), in the spec's stage order: what a run records as its plan. */
  public Map<String, List<String>> inputs() {
    return Collections.unmodifiableMap(dependencies);
  }

  /** The stages a stage waits for. */
  public List<String> dependencies(String stage) {
    return dependencies.getOrDefault(stage, List.of());
  }

  /** Stages not in {@code done} or {@code running} whose dependencies are all done, in file order. */
  public List<String> ready(Set<String> done, Set<String> running) {
    List<String> out = new ArrayList<>();
    dependencies.forEach((id, deps) -> {
      if (!done.contains(id) && !running.contains(id) && done.containsAll(deps)) {
        out.add(id);
      }
    });
    return out;
  }

  /** Every stage, each after its dependencies. */
  public List<String> order() {
    List<String> order = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    List<String> next;
    while (!(next = ready(done, Set.of())).isEmpty()) {
      order.add(next.get(0));
      done.add(next.get(0));
    }
    return order;
  }

  /** A dependency cycle as "a → b → a", if the graph has one. */
  public Optional<List<String>> cycle() {
    Map<String, Integer> state = new LinkedHashMap<>(); // 1 visiting, 2 done
    for (String id : dependencies.keySet()) {
      List<String> path = new ArrayList<>();
      if (visit(id, state, path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  private boolean visit(String id, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return false;
    }
    path.add(id);
    if (s != null && s == 1) {
      path.subList(0, path.indexOf(id)).clear();
      return true;
    }
    state.put(id, 1);
    for (String d : dependencies(id)) {
      if (visit(d, state, path)) {
        return true;
      }
    }
    state.put(id, 2);
    path.remove(path.size() - 1);
    return false;
  }
}
