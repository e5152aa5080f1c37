package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationTest {

  @Test
  void fastTanhAgreesWithMathTanhToFloatPrecisionEverywhere() {
    double worst = 0;
    for (double z = -20; z <= 20; z += 1e-3) {
      worst = Math.max(worst, Math.abs(Activation.tanh((float) z) - Math.tanh((float) z)));
    }
    assertTrue(worst < 5e-7, "max |fast tanh − tanh| = " + worst);
  }

  @Test
  void fastTanhIsOddAndSaturates() {
    assertEquals(1f, Activation.tanh(50f));
    assertEquals(-1f, Activation.tanh(-50f));
    assertEquals(-Activation.tanh(0.7f), Activation.tanh(-0.7f));
  }

  @Test
  void unknownActivationNamesTheValidOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu"));
    assertTrue(e.getMessage().contains("tanh, relu, silu"), e.getMessage());
  }
}
