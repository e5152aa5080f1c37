package org.reflow.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.reflow.store.ArrayFormatException;
import org.reflow.store.Npy;
import org.reflow.store.NpyArray;
import org.reflow.store.Npz;

/**
 * A data set stored by numpy: a 2-D float array {@code [count, dim]} in a {@code .npy} file or in
 * one named array of an {@code .npz}, loaded whole as a {@link Pool}.
 */
public final class ArrayDataset {

  private ArrayDataset() {}

  /**
   * @param expectedDim the dim the experiment needs, checked when present
   * @throws ArrayFormatException if the array is not a non-empty 2-D float array of that dim
   */
  public static Pool loadNpy(Path file, OptionalInt expectedDim) throws IOException {
    return toPool(Npy.read(file), file.toString(), expectedDim);
  }

  /**
   * @param arrayName the array's name in the archive, as {@code np.load(file).files} lists it
   * @param expectedDim the dim the experiment needs, checked when present
   * @throws ArrayFormatException if there is no such array, or it is not a non-empty 2-D float
   *     array of that dim
   */
  public static Pool loadNpz(Path file, String arrayName, OptionalInt expectedDim) throws IOException {
    return toPool(Npz.readArray(file, arrayName), file + " array '" + arrayName + "'", expectedDim);
  }

  private static Pool toPool(NpyArray array, String source, OptionalInt expectedDim) {
    int[] shape = array.shape();
    if (shape.length != 2) {
      throw new ArrayFormatException(source, "shape " + array.shapeText(), "a 2-D array [count, dim]",
          shape.length == 1 ? "for 1-D points save x.reshape(-1, 1)" : "flatten each point: save x.reshape(len(x), -1)");
    }
    if (shape[0] == 0 || shape[1] == 0) {
      throw new ArrayFormatException(source, "shape " + array.shapeText() + ", no data", "at least one point of dim > 0",
          "check that the array saved is the data set");
    }
    if (expectedDim.isPresent() && shape[1] != expectedDim.getAsInt()) {
      throw new ArrayFormatException(source, "shape " + array.shapeText() + ", points of dim " + shape[1],
          "dim " + expectedDim.getAsInt() + ", shape [count, " + expectedDim.getAsInt() + "]",
          "use the data set made for this experiment, or set the experiment's dim to " + shape[1]);
    }
    return Pool.of(new Points(shape[0], shape[1], array.data()));
  }
}
