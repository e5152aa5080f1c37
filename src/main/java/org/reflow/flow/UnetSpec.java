package org.reflow.flow;

import java.util.List;

/**
 * The architecture of a small convolutional U-Net velocity model on square one-channel images
 * (DDPM's U-Net, Ho et al. 2020, without attention): a 3×3 input convolution to {@code channels},
 * then per resolution one residual block of {@code channels·mult[i]} channels (GroupNorm, SiLU,
 * 3×3 convolution, the time embedding added, again) and a 2×2 average pool, a middle block, and the
 * mirror image with skip connections and nearest-neighbour upsampling.
 *
 * @param channels base channel count; 32 in torchcfm's MNIST example
 * @param mult channel multiplier per resolution, e.g. [1, 2, 2]: 28×28, 14×14, 7×7
 * @param groups GroupNorm groups; must divide every level's channel count (8 as in torchcfm's small models)
 */
public record UnetSpec(int channels, List<Integer> mult, int groups) {

  public UnetSpec {
    mult = List.copyOf(mult);
    if (channels <= 0 || mult.isEmpty() || groups <= 0) {
      throw new IllegalArgumentException("a U-Net needs channels > 0, at least one mult and groups > 0; got channels "
          + channels + ", mult " + mult + ", groups " + groups);
    }
    for (int m : mult) {
      if (m <= 0 || channels * m % groups != 0) {
        throw new IllegalArgumentException("U-Net level with mult " + m + " has " + channels * m
            + " channels, which " + groups + " GroupNorm groups do not divide; pick channels and mult to suit");
      }
    }
  }

  /** The side of the square images of {@code dim} pixels, checked to halve evenly at every level. */
  public int side(int dim) {
    int side = (int) Math.round(Math.sqrt(dim));
    int halvings = mult.size() - 1;
    if (side * side != dim || side % (1 << halvings) != 0) {
      throw new IllegalArgumentException("a U-Net with " + mult.size() + " resolutions needs square images whose side "
          + "halves " + halvings + " times evenly; data of dimension " + dim + " is not (28x28 = 784 suits 3 levels)");
    }
    return side;
  }

  /** Width of the time embedding inside the network: 4·channels, as in DDPM. */
  int embeddingWidth() {
    return 4 * channels;
  }
}
