package org.reflow.cli;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import org.reflow.text.Redaction;

/**
 * A stream that passes text on with its secrets masked ({@link Redaction}): it holds bytes until a
 * line ends or its print stream is flushed explicitly, so a secret written in pieces is masked
 * whole. What reflow prints and what its run log receives go through one.
 */
final class RedactedOutput extends FilterOutputStream {

  private final Charset charset;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  private RedactedOutput(OutputStream out, Charset charset) {
    super(out);
    this.charset = charset;
  }

  /**
   * A print stream in {@code charset} whose text reaches {@code out} masked, line by line. It does
   * not flush by itself (an auto-flushing one flushes after every print, which would pass a secret
   * printed in pieces on in pieces): text without a line end waits for {@code flush()}.
   */
  static PrintStream printStream(OutputStream out, Charset charset) {
    return new PrintStream(new RedactedOutput(out, charset), false, charset);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    pending.write(b);
    if (b == '\n') {
      pass();
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int start = offset;
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] == '\n') {
        pending.write(bytes, start, i + 1 - start);
        pass();
        start = i + 1;
      }
    }
    pending.write(bytes, start, offset + length - start);
  }

  @Override
  public synchronized void flush() throws IOException {
    pass();
    out.flush();
  }

  private void pass() throws IOException {
    if (pending.size() == 0) {
      return;
    }
    out.write(Redaction.text(pending.toString(charset)).getBytes(charset));
    pending.reset();
  }
}
