package org.reflow.lineage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One node of a lineage graph: what it is ({@code checkpoint}, {@code stage}, {@code coupling},
 * {@code data}, {@code spec}), how it relates to the node above it ({@code role}: "warm start",
 * "teacher", "teacher of", …), its key facts, and either the nodes it came from (upstream) or the
 * nodes derived from it (descendants). In JSON an empty list is left out.
 */
public record LineageNode(
    String kind, String id, String role, Map<String, Object> facts,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LineageNode> inputs,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LineageNode> outputs) {

  /** A node of an upstream graph. */
  public static LineageNode upstream(String kind, String id, String role, Map<String, Object> facts, List<LineageNode> inputs) {
    return new LineageNode(kind, id, role, facts, List.copyOf(inputs), List.of());
  }

  /** A node of a descendants graph. */
  public static LineageNode derived(String kind, String id, String role, Map<String, Object> facts, List<LineageNode> outputs) {
    return new LineageNode(kind, id, role, facts, List.of(), List.copyOf(outputs));
  }

  /** The nodes linked below this one, whichever the direction. */
  @JsonIgnore
  public List<LineageNode> links() {
    return inputs.isEmpty() ? outputs : inputs;
  }
}
