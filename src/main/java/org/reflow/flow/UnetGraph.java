package org.reflow.flow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * The {@link UnetSpec} U-Net as ND4J ops (NCHW, convolution weights [kH, kW, in, out]): no kernel
 * of its own, so it runs wherever ND4J's convolution, pooling and upsampling ops do. GroupNorm
 * (Wu &amp; He 2018) is composed from reshape, mean and variance, as ND4J has no op for it.
 */
final class UnetGraph {

  private static final double NORM_EPSILON = 1e-5;
  /** The name scope of GroupNorm's arithmetic, so that a profile can tell its ops from the others. */
  static final String GROUP_NORM_SCOPE = "groupnorm_";

  private final GraphModel g;
  private final SameDiff sd;
  private final UnetSpec unet;
  private SDVariable embedding;
  /** The side of the feature maps at the current level. */
  private int side;

  private UnetGraph(GraphModel g) {
    this.g = g;
    this.sd = g.graph();
    this.unet = g.spec().unet().orElseThrow();
  }

  static SDVariable velocity(GraphModel g, SDVariable x, SDVariable temb) {
    return new UnetGraph(g).build(x, temb);
  }

  private SDVariable build(SDVariable x, SDVariable temb) {
    ModelSpec spec = g.spec();
    side = unet.side(spec.dim());
    int imageSide = side;
    int e = unet.embeddingWidth();
    // DDPM's time embedding: sinusoidal features → dense → SiLU → dense, added inside every block.
    embedding = dense("time.dense0", temb, spec.time().width(), e);
    embedding = dense("time.dense1", sd.nn().swish(embedding), e, e);
    SDVariable h = conv("input", x.reshape(-1, 1, imageSide, imageSide), 1, unet.channels(), 3);
    List<Integer> mult = unet.mult();
    Deque<SDVariable> skips = new ArrayDeque<>();
    Deque<Integer> skipChannels = new ArrayDeque<>();
    int channels = unet.channels();
    for (int level = 0; level < mult.size(); level++) {
      int out = unet.channels() * mult.get(level);
      h = residual("down" + level, h, channels, out);
      channels = out;
      skips.push(h);
      skipChannels.push(out);
      if (level < mult.size() - 1) { // 2×2 average pool: 28 → 14 → 7
        h = sd.cnn().avgPooling2d(h, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
            .paddingMode(PaddingMode.VALID).isNHWC(false).build());
        side /= 2;
      }
    }
    h = residual("middle", h, channels, channels);
    for (int level = mult.size() - 1; level >= 0; level--) {
      int out = unet.channels() * mult.get(level);
      int skip = skipChannels.pop();
      h = residual("up" + level, sd.concat(1, h, skips.pop()), channels + skip, out);
      channels = out;
      if (level > 0) {
        h = sd.cnn().upsampling2d(h, 2, 2, true); // nearest neighbour, ×2
        side *= 2;
      }
    }
    h = sd.nn().swish(groupNorm("output.norm", h, channels));
    h = conv("output", h, channels, 1, 3);
    return h.reshape(-1, spec.dim());
  }

  /** GroupNorm, SiLU, 3×3 conv, + dense(SiLU(embedding)), GroupNorm, SiLU, 3×3 conv; plus x (1×1 conv when widths differ). */
  private SDVariable residual(String name, SDVariable x, int in, int out) {
    SDVariable h = conv(name + ".conv0", sd.nn().swish(groupNorm(name + ".norm0", x, in)), in, out, 3);
    SDVariable t = dense(name + ".time", sd.nn().swish(embedding), unet.embeddingWidth(), out);
    h = h.add(t.reshape(-1, out, 1, 1));
    h = conv(name + ".conv1", sd.nn().swish(groupNorm(name + ".norm1", h, out)), out, out, 3);
    SDVariable skip = in == out ? x : conv(name + ".skip", x, in, out, 1);
    return skip.add(h);
  }

  /** (x − mean) / √(var + ε) over each group of channels and all pixels, then per-channel γ, β. */
  private SDVariable groupNorm(String name, SDVariable x, int channels) {
    int groups = unet.groups();
    SDVariable gamma = g.parameter(name + ".weight", new GraphModel.Init(0, 1f), channels);
    SDVariable beta = g.parameter(name + ".bias", new GraphModel.Init(0, 0f), channels);
    try (NameScope scope = sd.withNameScope(GROUP_NORM_SCOPE + name.replace('.', '_'))) {
      SDVariable grouped = x.reshape(-1, groups, (long) channels / groups * side * side);
      SDVariable centred = grouped.sub(grouped.mean(true, 2));
      SDVariable variance = centred.mul(centred).mean(true, 2);
      SDVariable normed = centred.div(sd.math().sqrt(variance.add(NORM_EPSILON)));
      SDVariable back = normed.reshape(-1, channels, side, side);
      return back.mul(gamma.reshape(1, channels, 1, 1)).add(beta.reshape(1, channels, 1, 1));
    }
  }

  private SDVariable conv(String name, SDVariable x, int in, int out, int kernel) {
    GraphModel.Init init = new GraphModel.Init(in * kernel * kernel, 0f);
    SDVariable w = g.parameter(name + ".weight", init, kernel, kernel, in, out);
    SDVariable b = g.parameter(name + ".bias", init, out);
    return sd.cnn().conv2d(x, w, b, Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1)
        .paddingMode(PaddingMode.SAME).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build());
  }

  private SDVariable dense(String name, SDVariable x, int in, int out) {
    GraphModel.Init init = new GraphModel.Init(in, 0f);
    SDVariable w = g.parameter(name + ".weight", init, in, out);
    SDVariable b = g.parameter(name + ".bias", init, 1, out);
    return x.mmul(w).add(b);
  }
}
