package org.reflow.store;

/**
 * An array file ({@code .npy}, {@code .npz}, or an array loaded as a dataset) that reflow cannot
 * use. The message always says where (file, and zip entry when there is one), what was found, what
 * was expected, and what to do about it.
 */
public final class ArrayFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;

  /**
   * @param source the file, and entry when inside a zip, e.g. {@code "ckpt.npz entry 'w.npy'"}
   * @param found what the file holds, e.g. {@code "dtype '<i8' (integer)"}
   * @param expected what reflow reads, e.g. {@code "float32 '<f4' or float64 '<f8'"}
   * @param remedy what a person can do, e.g. {@code "save with np.save(path, x.astype(np.float32))"}
   */
  public ArrayFormatException(String source, String found, String expected, String remedy) {
    super(source + ": found " + found + "; expected " + expected + "; " + remedy);
    this.source = source;
  }

  /** The file, and zip entry when there is one, that the message is about. */
  public String source() {
    return source;
  }
}
