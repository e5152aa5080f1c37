package org.reflow.rand;

import java.nio.charset.StandardCharsets;

/**
 * A counter-based random generator: draw i of a stream is a pure function of the stream's key
 * and i, and the key is a pure function of (seed, stage, purpose, counter). Nothing is shared
 * between streams, so batch n of a stage is the same whether the stage ran straight through or
 * resumed at step n, and whatever other streams were drawn before.
 *
 * <p>Each draw is SplitMix64's finaliser applied to {@code key + (i + 1) * golden ratio}
 * (Steele, Lea &amp; Flood 2014), which passes BigCrush for this use.
 */
public final class Rng {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long family;
  private long key;
  private long index;
  private double spareGaussian;
  private boolean hasSpare;

  private Rng(long family) {
    this.family = family;
  }

  /** The stream for one purpose of one stage at one counter (step, shard, ...). */
  public static Rng of(long seed, String stage, String purpose, long counter) {
    long k = mix(seed ^ 0x5DEECE66DL);
    k = mix(k ^ fnv1a(stage));
    k = mix(k ^ fnv1a(purpose));
    return new Rng(k).restartAt(counter);
  }

  /**
   * Turns this generator, in place, into the stream of the same (seed, stage, purpose) at
   * another counter — exactly {@code Rng.of(seed, stage, purpose, counter)}, without allocating,
   * for hot loops that draw a fresh stream every step.
   */
  public Rng restartAt(long counter) {
    key = mix(family ^ counter * GOLDEN);
    index = 0;
    hasSpare = false;
    return this;
  }

  /** A child stream, for a sub-purpose inside one draw (a mixture component, a shard row). */
  public Rng derive(String purpose, long counter) {
    return new Rng(mix(key ^ fnv1a(purpose))).restartAt(counter);
  }

  /** Draws made so far from this stream. */
  public long position() {
    return index;
  }

  public long nextLong() {
    return mix(key + (++index) * GOLDEN);
  }

  /** Uniform on [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform on (0, 1): safe under a logarithm. */
  public double nextOpenDouble() {
    return ((nextLong() >>> 11) + 0.5) * 0x1.0p-53;
  }

  /** Uniform integer in [0, bound), without modulo bias (Lemire 2019). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    if ((m & 0xFFFFFFFFL) < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while ((m & 0xFFFFFFFFL) < threshold) {
        m = (nextLong() >>> 32) * bound;
      }
    }
    return (int) (m >>> 32);
  }

  /** Standard normal by the Box–Muller transform; draws come in pairs. */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double r = Math.sqrt(-2.0 * Math.log(nextOpenDouble()));
    double theta = 2.0 * Math.PI * nextDouble();
    spareGaussian = r * Math.sin(theta);
    hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Fills {@code out[offset .. offset+length)} with standard normal draws. */
  public void fillGaussian(float[] out, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      out[i] = (float) nextGaussian();
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long fnv1a(String s) {
    long h = 0xCBF29CE484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return h;
  }
}
