package org.reflow.flow;

/**
 * How the velocity network sees time t ∈ [0, 1]. The paper's toy concatenates t raw to x;
 * larger models use a sinusoidal embedding (Vaswani et al. 2017, as in DDPM).
 */
public sealed interface TimeEncoding {

  /** Number of input features this encoding adds to the position. */
  int width();

  /** Writes the features of t into {@code out[offset .. offset + width())}. */
  void encode(float t, float[] out, int offset);

  /** Reads "raw", "sinusoidal:F" (scale 1000) or "sinusoidal:F:scale", as {@code toString} writes them. */
  static TimeEncoding parse(String text) {
    String[] parts = text.trim().split(":");
    try {
      if (parts.length == 1 && parts[0].equals("raw")) {
        return new Raw();
      }
      if (parts[0].equals("sinusoidal") && (parts.length == 2 || parts.length == 3)) {
        return new Sinusoidal(Integer.parseInt(parts[1]), parts.length == 3 ? Double.parseDouble(parts[2]) : 1000);
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "unknown time encoding '" + text + "': use raw, sinusoidal:<frequencies> or sinusoidal:<frequencies>:<scale>");
  }

  /** t itself, one feature. */
  record Raw() implements TimeEncoding {
    @Override
    public int width() {
      return 1;
    }

    @Override
    public void encode(float t, float[] out, int offset) {
      out[offset] = t;
    }

    @Override
    public String toString() {
      return "raw";
    }
  }

  /**
   * [sin(s·t·ω_k), cos(s·t·ω_k)] for k &lt; frequencies, ω_k = 10000^(−k/frequencies), with the
   * scale s (default 1000) mapping t ∈ [0, 1] onto the range of diffusion timesteps.
   */
  record Sinusoidal(int frequencies, double scale) implements TimeEncoding {
    public Sinusoidal {
      if (frequencies <= 0) {
        throw new IllegalArgumentException("sinusoidal time encoding needs frequencies > 0, got " + frequencies);
      }
      if (!(scale > 0)) {
        throw new IllegalArgumentException("sinusoidal time encoding needs scale > 0, got " + scale);
      }
    }

    @Override
    public int width() {
      return 2 * frequencies;
    }

    @Override
    public void encode(float t, float[] out, int offset) {
      for (int k = 0; k < frequencies; k++) {
        double angle = scale * t * Math.pow(10000.0, -(double) k / frequencies); // s·t·ω_k
        out[offset + k] = (float) Math.sin(angle);
        out[offset + frequencies + k] = (float) Math.cos(angle);
      }
    }

    @Override
    public String toString() {
      return "sinusoidal:" + frequencies + ":" + scale;
    }
  }
}
