package org.reflow.lineage;

import java.util.List;
import java.util.Map;

/**
 * One node of a lineage graph: what it is ({@code checkpoint}, {@code stage}, {@code coupling},
 * {@code data}, {@code spec}), how it is used by its child ({@code role}: "warm start",
 * "teacher", …), its key facts, and the nodes it came from.
 */
public record LineageNode(String kind, String id, String role, Map<String, Object> facts, List<LineageNode> inputs) {}
