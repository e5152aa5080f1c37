package org.reflow.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * An experiment file's text and its YAML tree, within limits that keep a wrong or hostile file
 * from costing more than a moment: at most {@link #MAX_BYTES}, UTF-8 (a UTF-8 byte-order mark is
 * allowed), nested at most {@link #MAX_DEPTH} deep, at most {@link #MAX_ALIASES} aliases to
 * collections. Whatever breaks a limit is a {@link SpecException} naming the file.
 */
final class SpecText {

  /** The largest experiment file read (the shipped ones are under 2 KB). */
  static final int MAX_BYTES = 1 << 20;
  /** Deepest nesting of lists and mappings (an experiment needs 5). */
  static final int MAX_DEPTH = 64;
  /** Most aliases to lists or mappings ({@code *name}): enough for any real reuse, too few for an alias bomb. */
  static final int MAX_ALIASES = 50;

  private SpecText() {}

  /** The file's text, decoded as UTF-8 and checked against the limits. */
  static String read(Path file) {
    String label = file.toString();
    byte[] bytes;
    try {
      if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
        throw problem(label, "the file is " + Files.size(file) + " bytes; an experiment file is at most " + MAX_BYTES
            + " bytes of YAML text — is this the experiment file, and not a data file?");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw problem(label, "cannot read the experiment file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); check the path");
    }
    return decode(bytes, label);
  }

  /** UTF-8 text, or a problem naming the first byte that is not, with its offset and line. */
  static String decode(byte[] bytes, String label) {
    if (bytes.length > MAX_BYTES) {
      throw problem(label, "the file is " + bytes.length + " bytes; an experiment file is at most " + MAX_BYTES + " bytes");
    }
    if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
      throw problem(label, "not UTF-8 text: it starts with a UTF-16 byte-order mark; save the file as UTF-8");
    }
    int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0; // a UTF-8 byte-order mark, as some editors write
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      throw problem(label, "not UTF-8 text: the byte 0x" + String.format("%02X", bytes[offset] & 0xFF) + " at offset "
          + offset + " (line " + lineOf(bytes, offset) + ") is not valid UTF-8; an experiment file is YAML text saved"
          + " as UTF-8 — is this the experiment file, and not a data file? (re-save it as UTF-8 if it is)");
    }
    decoder.flush(out); // UTF-8 keeps no state to flush; a character cut off at the end was reported above
    return out.flip().toString();
  }

  /**
   * The document's root node, composed only (no objects are constructed from tags); empty for an
   * empty document.
   */
  static Optional<Node> compose(String text, String label) {
    LoadSettings settings = LoadSettings.builder().setLabel(label).setMaxAliasesForCollections(MAX_ALIASES)
        .setCodePointLimit(MAX_BYTES + 1)
        .setBufferSize(text.length() + 1) // one read: a long line in small buffers is copied over and over
        .build();
    try {
      checkDepth(new Parse(settings).parseString(text), label);
      return new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark();
      throw new SpecException(List.of(new SpecError(label, mark.map(m -> m.getLine() + 1).orElse(0),
          mark.map(m -> m.getColumn() + 1).orElse(0), "", "not valid YAML: " + e.getProblem())));
    } catch (YamlEngineException e) {
      throw problem(label, "not valid YAML: " + e.getMessage());
    }
  }

  /** Composing recurses once per level: refuse deep nesting before it can exhaust the stack. */
  private static void checkDepth(Iterable<Event> events, String label) {
    int depth = 0;
    for (Event e : events) {
      switch (e.getEventId()) {
        case SequenceStart, MappingStart -> {
          if (++depth > MAX_DEPTH) {
            Optional<Mark> mark = e.getStartMark();
            throw new SpecException(List.of(new SpecError(label, mark.map(m -> m.getLine() + 1).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0), "", "lists and mappings are nested more than " + MAX_DEPTH
                    + " deep here; an experiment needs a handful of levels")));
          }
        }
        case SequenceEnd, MappingEnd -> depth--;
        default -> { }
      }
    }
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int lineOf(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  private static SpecException problem(String label, String message) {
    return new SpecException(List.of(new SpecError(label, 0, 0, "", message)));
  }
}
