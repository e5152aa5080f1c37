package org.reflow.store;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The numpy-written files under {@code src/test/resources/fixtures} (see the README there). */
public final class Fixtures {

  private Fixtures() {}

  public static Path path(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + name + " in src/test/resources/fixtures");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The values of the fixture {@code x}: {@code np.arange(12).reshape(3, 4) / 4 - 1}. */
  public static float[] x() {
    float[] x = new float[12];
    for (int i = 0; i < x.length; i++) {
      x[i] = i / 4f - 1;
    }
    return x;
  }
}
