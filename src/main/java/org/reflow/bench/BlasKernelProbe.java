package org.reflow.bench;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/** Loads OpenBLAS and exits: run by {@link Doctor} with OPENBLAS_VERBOSE=2 to learn the kernel it picks. */
final class BlasKernelProbe {

  private BlasKernelProbe() {}

  public static void main(String[] args) {
    Loader.load(openblas_nolapack.class);
  }
}
