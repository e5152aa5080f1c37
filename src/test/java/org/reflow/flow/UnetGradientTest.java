package org.reflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reflow.rand.Rng;

/**
 * The U-Net's gradients, from SameDiff's differentiation of the composed graph (GroupNorm,
 * SiLU, convolutions, pooling, upsampling, skips, time embedding), match central finite
 * differences of its loss in double precision, for entries of every kind of parameter.
 */
class UnetGradientTest {

  /** 8×8 images, two resolutions, 4 and 8 channels, 2 groups: every op of the full model, tiny. */
  static final ModelSpec TINY = ModelSpec.unet(64, new UnetSpec(4, List.of(1, 2), 2), new TimeEncoding.Sinusoidal(2, 1000));

  @Test
  void unetGradientsMatchCentralFiniteDifferencesInDoublePrecision() {
    GraphModel model = GraphModel.build(TINY, new Loss.Squared(), DataType.DOUBLE);
    model.load(GraphModel.initialWeights(TINY, Rng.of(5, "unet", "init", 0)));
    int n = 2;
    INDArray x = gaussian(n, 64, 1);
    INDArray target = gaussian(n, 64, 2);
    float[] features = new float[n * 4];
    for (int i = 0; i < n; i++) {
      TINY.time().encode(0.2f + 0.3f * i, features, i * 4);
    }
    INDArray temb = Nd4j.create(features, new long[] {n, 4}, 'c').castTo(DataType.DOUBLE);
    double[] loss = new double[1];
    Map<String, INDArray> gradients = model.lossAndGradients(x, temb, target, loss);
    assertEquals(model.loss(x, temb, target), loss[0], 1e-12);
    assertEquals(model.names().size(), gradients.size());
    int checked = 0;
    for (String name : List.of("input.weight", "time.dense0.weight", "down0.norm0.weight", "down0.norm0.bias",
        "down0.conv0.weight", "down0.time.bias", "down1.skip.weight", "middle.conv1.weight", "up1.conv0.bias",
        "up0.norm1.weight", "up0.skip.weight", "output.norm.bias", "output.weight", "output.bias")) {
      INDArray p = model.array(name);
      INDArray g = gradients.get(name);
      for (long i : new long[] {p.length() / 3, p.length() - 1}) {
        double h = 1e-6;
        double original = p.getDouble(i);
        p.putScalar(i, original + h);
        double up = model.loss(x, temb, target);
        p.putScalar(i, original - h);
        double down = model.loss(x, temb, target);
        p.putScalar(i, original);
        double numeric = (up - down) / (2 * h); // central difference, O(h²)
        double analytic = g.getDouble(i);
        assertEquals(numeric, analytic, 1e-6 + 1e-5 * Math.abs(numeric), name + "[" + i + "]");
        checked++;
      }
    }
    assertTrue(checked >= 28);
  }

  private static INDArray gaussian(int rows, int cols, long stream) {
    float[] values = new float[rows * cols];
    Rng.of(5, "unet", "data", stream).fillGaussian(values, 0, values.length);
    return Nd4j.create(values, new long[] {rows, cols}, 'c').castTo(DataType.DOUBLE);
  }
}
