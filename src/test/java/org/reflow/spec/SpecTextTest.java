package org.reflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is not an experiment file at all is said plainly, with where: a binary file (the byte
 * and its offset), UTF-16, a file too large, nesting too deep, an alias bomb, a NUL in a data
 * path, an array with no points; a UTF-8 byte-order mark is fine.
 */
class SpecTextTest {

  private static final Path PAPER = Path.of("experiments/three-gaussians.yaml");

  @TempDir Path dir;

  @Test
  void aBinaryFileIsNotUtf8TextAtAByteOffsetAndLine() throws Exception {
    Path file = dir.resolve("model.npz");
    byte[] bytes = "experiment: x\nseed: 1\n".getBytes();
    byte[] binary = java.util.Arrays.copyOf(bytes, bytes.length + 3);
    binary[bytes.length] = (byte) 0x93; // a continuation byte with no lead: not UTF-8
    Files.write(file, binary);
    var e = assertThrows(SpecException.class, () -> SpecReader.read(file, List.of()));
    assertEquals(file + ": not UTF-8 text: the byte 0x93 at offset 22 (line 3) is not valid UTF-8; an experiment file"
        + " is YAML text saved as UTF-8 — is this the experiment file, and not a data file? (re-save it as UTF-8 if it"
        + " is)", e.errors().get(0).toString());
  }

  @Test
  void aUtf8ByteOrderMarkIsReadAndUtf16IsRefused() throws Exception {
    Path bom = dir.resolve("bom.yaml");
    byte[] text = Files.readAllBytes(PAPER);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(bom, withBom);
    assertEquals(SpecReader.read(PAPER, List.of()).sha256(), SpecReader.read(bom, List.of()).sha256());

    Path utf16 = dir.resolve("utf16.yaml");
    Files.writeString(utf16, "\uFEFF" + Files.readString(PAPER), java.nio.charset.StandardCharsets.UTF_16BE);
    var e = assertThrows(SpecException.class, () -> SpecReader.read(utf16, List.of()));
    assertTrue(e.getMessage().contains("UTF-16 byte-order mark; save the file as UTF-8"), e.getMessage());
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedUnread() throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[SpecText.MAX_BYTES + 1]);
    var e = assertThrows(SpecException.class, () -> SpecReader.read(big, List.of()));
    assertTrue(e.getMessage().contains("the file is " + (SpecText.MAX_BYTES + 1) + " bytes; an experiment file is at most"),
        e.getMessage());
  }

  @Test
  void deepNestingAnAliasBombAndANulInADataPathAreProblemsOfTheFile() {
    String deep = "experiment: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    var nested = assertThrows(SpecException.class, () -> SpecReader.parse(deep, "deep.yaml", Path.of("."), List.of()));
    assertTrue(nested.getMessage().contains("deep.yaml:1:"), nested.getMessage());
    assertTrue(nested.getMessage().contains("nested more than " + SpecText.MAX_DEPTH + " deep"), nested.getMessage());

    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ",
          java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
    }
    var aliases = assertThrows(SpecException.class, () -> SpecReader.parse(bomb.toString(), "bomb.yaml", Path.of("."), List.of()));
    assertTrue(aliases.getMessage().contains("bomb.yaml") && aliases.getMessage().contains("aliases"), aliases.getMessage());

    String nul = "experiment: x\nseed: 1\ndata: {source: {npy: \"a\\0b.npy\"}, target: moons}\n"
        + "defaults: {train: {steps: 1}}\nstages: {rf1: {kind: rectify}}\n";
    var path = assertThrows(SpecException.class, () -> SpecReader.parse(nul, "nul.yaml", Path.of("."), List.of()));
    assertTrue(path.getMessage().contains("nul.yaml:3:22: data.source.npy: 'a\\u0000b.npy' is not a usable file path"),
        path.getMessage());
  }

  @Test
  void aDataArrayWithoutPointsOrDimensionsIsAProblemOfTheFile() throws Exception {
    org.reflow.store.Npy.write(dir.resolve("empty.npy"), new org.reflow.store.NpyArray(new int[] {3, 0}, new float[0]));
    String text = "experiment: x\nseed: 1\ndata: {source: {npy: empty.npy}, target: moons}\n"
        + "defaults: {train: {steps: 1}}\nstages: {rf1: {kind: rectify}}\n";
    var e = assertThrows(SpecException.class, () -> SpecReader.parse(text, "empty.yaml", dir, List.of()));
    assertTrue(e.getMessage().contains("empty.npy holds an array of shape (3, 0): no points to draw"), e.getMessage());
  }

  @Test
  void wholeNumbersBeyondAnIntAreRefusedNotWrapped() {
    String text = "experiment: x\nseed: 1\ndata: {source: {toy: moons, pool: 4294967297}, target: moons}\n"
        + "model: {hidden: [2147483648]}\ndefaults: {train: {steps: 1}}\nstages: {rf1: {kind: rectify}}\n";
    var e = assertThrows(SpecException.class, () -> SpecReader.parse(text, "big.yaml", Path.of("."), List.of()));
    assertTrue(e.getMessage().contains("data.source.pool: must be at most 2147483647, got 4294967297"), e.getMessage());
    assertTrue(e.getMessage().contains("model.hidden[0]: must be at most 2147483647, got 2147483648"), e.getMessage());
  }
}
