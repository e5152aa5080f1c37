package org.reflow.data;

import java.util.ArrayList;
import java.util.List;
import org.reflow.text.Suggest;

/**
 * The standard 2-D toy distributions, and lookup by the names experiment files use.
 *
 * <p>Conventions, each from the code that made the toy common:
 *
 * <ul>
 *   <li>{@code 8gaussians}: FFJORD's ({@code lib/toy_data.py}): centres at scale 4 on the axes and
 *       diagonals, noise std 0.5, all divided by 1.414; so modes at radius 4/1.414 ≈ 2.83 and
 *       angles k·45°, std 0.5/1.414 ≈ 0.354, equal weights.
 *   <li>{@code moons}: scikit-learn's {@code make_moons} geometry, unscaled, noise std 0.05 (the
 *       value scikit-learn's own examples use).
 *   <li>{@code checkerboard}: FFJORD's, on [−4, 4)², see {@link Checkerboard}.
 *   <li>{@code three-gaussians-source/-target}: the pair of Liu, Gong &amp; Liu (2022), Fig. 2
 *       and their notebook: D = 10, variance 0.3, equal weights.
 * </ul>
 */
public final class Toys {

  /** FFJORD's 8gaussians radius: scale 4 divided by its 1.414. */
  private static final double EIGHT_GAUSSIANS_RADIUS = 4 / 1.414;

  /** FFJORD's 8gaussians noise: std 0.5 divided by its 1.414. */
  private static final double EIGHT_GAUSSIANS_STD = 0.5 / 1.414;

  private static final double MOONS_NOISE = 0.05;

  /** The paper's three-Gaussians scale D and component variance. */
  private static final double D = 10;

  private static final double THREE_GAUSSIANS_VARIANCE = 0.3;

  private static final List<String> NAMES = List.of(
      "gaussian", "8gaussians", "moons", "checkerboard", "three-gaussians-source", "three-gaussians-target");

  private Toys() {}

  /** FFJORD's 8gaussians: radius 4/1.414 ≈ 2.83, std 0.5/1.414 ≈ 0.354. */
  public static GaussianMixture eightGaussians() {
    return eightGaussians(EIGHT_GAUSSIANS_RADIUS, EIGHT_GAUSSIANS_STD);
  }

  /**
   * Eight equally weighted isotropic Gaussians with means at {@code radius}·(cos k·45°, sin k·45°),
   * k = 0..7.
   *
   * @param radius distance of each mean from the origin, > 0
   * @param std standard deviation of each component per axis, > 0
   */
  public static GaussianMixture eightGaussians(double radius, double std) {
    List<Gaussian> modes = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      double angle = k * Math.PI / 4;
      modes.add(Gaussian.isotropic(new double[] {radius * Math.cos(angle), radius * Math.sin(angle)}, std));
    }
    return GaussianMixture.equalWeights(modes);
  }

  /**
   * Two interleaving half circles (scikit-learn's {@code make_moons} geometry), see {@link Moons}.
   *
   * @param noise standard deviation of the Gaussian noise added on each axis, ≥ 0 (0.05 by name)
   */
  public static Distribution moons(double noise) {
    return new Moons(noise);
  }

  /** FFJORD's checkerboard: uniform on the 8 black squares of side 2 in [−4, 4)². */
  public static Distribution checkerboard() {
    return Checkerboard.INSTANCE;
  }

  /**
   * The paper's source π0: means (D√3/2, D/2), (−D√3/2, D/2), (0, −D√3/2) with D = 10, each with
   * covariance 0.3·I, equal weights.
   */
  public static GaussianMixture threeGaussiansSource() {
    return threeGaussians(1);
  }

  /**
   * The paper's target π1: means (D√3/2, −D/2), (−D√3/2, −D/2), (0, D√3/2) with D = 10, each with
   * covariance 0.3·I, equal weights: the source reflected in the x axis.
   */
  public static GaussianMixture threeGaussiansTarget() {
    return threeGaussians(-1);
  }

  /** The names {@link #byName} knows, in a stable order. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The toy called {@code name}: {@code gaussian} (standard normal in 2-D), {@code 8gaussians},
   * {@code moons} (noise 0.05), {@code checkerboard}, {@code three-gaussians-source},
   * {@code three-gaussians-target}.
   *
   * @throws IllegalArgumentException for any other name, suggesting the nearest valid one
   */
  public static Distribution byName(String name) {
    return switch (name) {
      case "gaussian" -> Gaussian.standard(2);
      case "8gaussians" -> eightGaussians();
      case "moons" -> moons(MOONS_NOISE);
      case "checkerboard" -> checkerboard();
      case "three-gaussians-source" -> threeGaussiansSource();
      case "three-gaussians-target" -> threeGaussiansTarget();
      default -> throw new IllegalArgumentException("unknown toy distribution '" + name + "'"
          + Suggest.hint(name, NAMES) + "; valid names: " + String.join(", ", NAMES));
    };
  }

  /** {@code sign} +1 gives the source, −1 its mirror image in the x axis, the target. */
  private static GaussianMixture threeGaussians(double sign) {
    double std = Math.sqrt(THREE_GAUSSIANS_VARIANCE);
    double h = D * Math.sqrt(3) / 2;
    return GaussianMixture.equalWeights(List.of(
        Gaussian.isotropic(new double[] {h, sign * D / 2}, std),
        Gaussian.isotropic(new double[] {-h, sign * D / 2}, std),
        Gaussian.isotropic(new double[] {0, -sign * h}, std)));
  }
}
