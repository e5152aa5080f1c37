package org.reflow.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Run ids, checkpoint ids and content addresses that could name a file outside the home are refused, saying what one looks like. */
class HomeNamesTest {

  @Test
  void theRunIdsReflowMakesAndTestsUseAreAccepted() {
    for (String id : List.of("20260101-120000-ab12", "run-1", "bench-0000", "a", "r.1_x")) {
      assertEquals(id, HomeNames.runId(id));
    }
  }

  @Test
  void aRunIdThatIsAPathIsRefused() {
    for (String id : List.of("..", "../20260101-120000-ab12", "a/../../b", "/etc", "a/b", "a\\\\b", ".hidden", "", "a..b",
        "x".repeat(129), "run 1", "run\n1")) {
      var e = assertThrows(IllegalArgumentException.class, () -> HomeNames.runId(id), id);
      assertTrue(e.getMessage().contains("is not a run id") && e.getMessage().contains("'reflow runs' lists them"), e.getMessage());
    }
  }

  @Test
  void aCheckpointIdIsCkAndSixteenLowercaseHexDigits() {
    assertEquals("ck-d267db2fbf10f239", HomeNames.checkpointId("ck-d267db2fbf10f239"));
    for (String id : List.of("ck-0000", "ck-d267db2fbf10f2390", "ck-D267DB2FBF10F239", "ck-../../../etc/x", "ck-d267db2fbf10f23g",
        "d267db2fbf10f239", "/ck-d267db2fbf10f239")) {
      var e = assertThrows(IllegalArgumentException.class, () -> HomeNames.checkpointId(id), id);
      assertTrue(e.getMessage().contains("'ck-' and 16 lowercase hex digits"), e.getMessage());
    }
  }
}
