package org.reflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reflow.flow.ModelSpec;
import org.reflow.flow.OpProfile;
import org.reflow.flow.TimeEncoding;
import org.reflow.flow.UnetSpec;

class OpProfileTableTest {

  private static final ModelSpec TINY = ModelSpec.unet(64, new UnetSpec(4, List.of(1, 2), 2),
      new TimeEncoding.Sinusoidal(2, 1000));

  @Test
  void tinyUnetStepIsSplitIntoEveryKindOfOpAndTheRowsAddUpToTheStep() {
    String table = Benchmarks.opTable(OpProfile.measure(TINY, 2, 3, 3), "tiny");
    Map<String, Double> rows = new LinkedHashMap<>();
    for (String line : table.lines().skip(2).toList()) {
      String[] cells = line.trim().split("\\s{2,}|\\s+(?=[0-9.]+\\s+[0-9.]+%$)|\\s+(?=[0-9.]+%$)");
      rows.put(cells[0].trim(), Double.parseDouble(cells[1].trim()));
    }
    assertEquals(OpProfile.GROUPS.size() + 1, rows.size(), table);
    for (String group : List.of("conv2d fwd", "conv2d bwd (dx+dw+db)", "group norm fwd", "group norm bwd",
        "silu fwd", "silu bwd", "matmul (linear) fwd+bwd", "pool/upsample fwd+bwd", "Adam update")) {
      assertTrue(rows.containsKey(group), group + " should have a row:\n" + table);
    }
    // the tiny net's small groups may round to 0.0 ms; its convolutions and GroupNorm cannot
    for (String group : List.of("conv2d fwd", "conv2d bwd (dx+dw+db)", "group norm fwd")) {
      assertTrue(rows.get(group) > 0, group + " should have taken time:\n" + table);
    }
    double step = rows.remove("step");
    double sum = rows.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(step, sum, 0.02 * step + 0.3, table); // the rows are rounded to 0.1 ms
    double inOps = sum - rows.get("overhead (outside ops)");
    assertTrue(inOps > 0.3 * step, "the timed ops should hold most of the step:\n" + table);
  }
}
