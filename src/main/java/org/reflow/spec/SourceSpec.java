package org.reflow.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.reflow.data.ArrayDataset;
import org.reflow.data.Distribution;
import org.reflow.data.FashionMnist;
import org.reflow.data.Gaussian;
import org.reflow.data.Pool;
import org.reflow.data.Toys;
import org.reflow.rand.Rng;

/**
 * Where π0 or π1 comes from: a named toy, a Gaussian, an array file or Fashion-MNIST images. Plain data, so workers on
 * any node can open the same distribution (the type name travels with it).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SourceSpec.Toy.class, name = "toy"),
  @JsonSubTypes.Type(value = SourceSpec.Normal.class, name = "gaussian"),
  @JsonSubTypes.Type(value = SourceSpec.ArrayFile.class, name = "array"),
  @JsonSubTypes.Type(value = SourceSpec.FashionMnistImages.class, name = "fashion-mnist")
})
public sealed interface SourceSpec {

  int dim();

  /**
   * The distribution to sample, drawn once into a pool of {@code pool} points when the spec
   * asks for one, from the generator keyed (seed, "data", role).
   */
  Distribution open(long seed, String role);

  /** A toy from {@link Toys#byName}; pool 0 means fresh draws for every batch. */
  record Toy(String name, int pool) implements SourceSpec {
    @Override
    public int dim() {
      return Toys.byName(name).dim();
    }

    @Override
    public Distribution open(long seed, String role) {
      return pooled(Toys.byName(name), pool, seed, role);
    }
  }

  /** N(mean, std²·I). */
  record Normal(double[] mean, double std, int pool) implements SourceSpec {
    @Override
    public int dim() {
      return mean.length;
    }

    @Override
    public Distribution open(long seed, String role) {
      return pooled(Gaussian.isotropic(mean, std), pool, seed, role);
    }
  }

  /** The rows of a [count, dim] float array in a .npy file, or in one array of an .npz. */
  record ArrayFile(Path file, Optional<String> array, int dim) implements SourceSpec {
    @Override
    public Distribution open(long seed, String role) {
      try {
        return array.isPresent()
            ? ArrayDataset.loadNpz(file, array.get(), OptionalInt.of(dim))
            : ArrayDataset.loadNpy(file, OptionalInt.of(dim));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Fashion-MNIST images of some classes, 784 pixels row-major in [−1, 1], read once per process.
   *
   * @param folder the folder of the four IDX files
   * @param split train or test
   * @param classes labels 0-9 to keep; empty keeps all ten
   */
  record FashionMnistImages(Path folder, String split, List<Integer> classes, int pool) implements SourceSpec {
    @Override
    public int dim() {
      return FashionMnist.PIXELS;
    }

    @Override
    public Distribution open(long seed, String role) {
      return pooled(FashionMnist.images(folder, split, classes), pool, seed, role);
    }
  }

  private static Distribution pooled(Distribution d, int pool, long seed, String role) {
    return pool > 0 ? Pool.draw(d, Rng.of(seed, "data", role, 0), pool) : d;
  }
}
