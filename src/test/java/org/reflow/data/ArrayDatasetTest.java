package org.reflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.reflow.store.ArrayFormatException;
import org.reflow.store.Fixtures;

class ArrayDatasetTest {

  @Test
  void loadsNpyMatrixAsPoolOfItsRows() throws IOException {
    Pool pool = ArrayDataset.loadNpy(Fixtures.path("f32_3x4.npy"), OptionalInt.of(4));
    assertEquals(3, pool.size());
    assertEquals(4, pool.dim());
    assertArrayEquals(Fixtures.x(), pool.points().values());
  }

  @Test
  void loadsNamedArrayOfNpz() throws IOException {
    Pool pool = ArrayDataset.loadNpz(Fixtures.path("numpy_savez.npz"), "z1", OptionalInt.empty());
    assertEquals(3, pool.size());
    assertEquals(2, pool.dim());
    assertArrayEquals(new float[] {1f, 0.75f}, java.util.Arrays.copyOf(pool.points().values(), 2));
  }

  @Test
  void wrongDimNamesFileShapeAndExpectedDim() {
    Path file = Fixtures.path("numpy_savez.npz");
    ArrayFormatException e = assertThrows(ArrayFormatException.class,
        () -> ArrayDataset.loadNpz(file, "z0", OptionalInt.of(2)));
    assertEquals(file + " array 'z0': found shape (3, 4), points of dim 4; expected dim 2, shape [count, 2];"
        + " use the data set made for this experiment, or set the experiment's dim to 4", e.getMessage());
  }

  @Test
  void oneDimensionalArrayIsRejectedWithReshapeHint() {
    Path file = Fixtures.path("f32_1d.npy");
    ArrayFormatException e = assertThrows(ArrayFormatException.class,
        () -> ArrayDataset.loadNpy(file, OptionalInt.empty()));
    assertEquals(file + ": found shape (3,); expected a 2-D array [count, dim]; for 1-D points save x.reshape(-1, 1)",
        e.getMessage());
  }
}
