package org.reflow.flow;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Matrix products straight into preallocated row-major float matrices, through the OpenBLAS
 * that ND4J's CPU backend loads. {@code Nd4j.gemm} does the same arithmetic but allocates about
 * 4.5 KB of Java objects per call (measured); this path allocates nothing, which keeps a
 * training step garbage-free.
 */
final class Gemm {

  private Gemm() {}

  /** C = op(A)·op(B) (beta 0) or C += op(A)·op(B) (beta 1); shapes are those of op(A), op(B). */
  static void multiply(
      Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix c, float beta) {
    int m = transposeA ? a.cols() : a.rows();
    int k = transposeA ? a.rows() : a.cols();
    int kb = transposeB ? b.cols() : b.rows();
    int n = transposeB ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n) {
      throw new IllegalStateException(
          "matrix product shapes disagree: [" + m + "x" + k + "]·[" + kb + "x" + n + "] into ["
              + c.rows() + "x" + c.cols() + "]");
    }
    cblas_sgemm(
        CblasRowMajor,
        transposeA ? CblasTrans : CblasNoTrans,
        transposeB ? CblasTrans : CblasNoTrans,
        m, n, k,
        1f, a.pointer(), a.cols(),
        b.pointer(), b.cols(),
        beta, c.pointer(), c.cols());
  }

  static FloatPointer pointerOf(org.nd4j.linalg.api.ndarray.INDArray array) {
    return new FloatPointer(array.data().addressPointer());
  }
}
