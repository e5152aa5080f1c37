package org.reflow.flow.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SolverParseTest {

  @ParameterizedTest
  @ValueSource(strings = {"euler:1", "euler:100", "heun:10", "rk45:1e-5:1e-5", "rk45:2.5e-6:0.001"})
  void canonicalFormsRoundTrip(String text) {
    Solver solver = Solver.parse(text);
    assertEquals(text, solver.describe());
    assertEquals(text, solver.toString());
    assertEquals(solver, Solver.parse(solver.describe()));
  }

  @Test
  void parsedFormsBuildTheMatchingSolver() {
    assertEquals(new Euler(100), Solver.parse("euler:100"));
    assertEquals(new Heun(10), Solver.parse("heun:10"));
    assertEquals(new Rk45(1e-4, 1e-6), Solver.parse("rk45:1e-4:1e-6"));
  }

  @Test
  void bareRk45MeansDefaultTolerancesAndDescribesThem() {
    Solver solver = Solver.parse("rk45");
    assertEquals(new Rk45(Rk45.DEFAULT_RTOL, Rk45.DEFAULT_ATOL), solver);
    assertEquals("rk45:1e-5:1e-5", solver.describe());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "euler:0", "rk4", "heun:x", "euler", "heun:-3", "rk45:1e-5", "rk45:a:1e-5", "rk45:1e-9:1e-9",
      "rk45:1e-5:0", "", "euler:10:2"})
  void invalidFormsSayWhatIsWrongAndListTheValidForms(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Solver.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(Solver.VALID_FORMS), e.getMessage());
  }
}
