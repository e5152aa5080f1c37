package org.reflow.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

  @TempDir Path dir;

  @Test
  void matchesFipsTestVectors() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
  }

  @Test
  void fileDigestEqualsBytesDigestAcrossManyBuffers() throws IOException {
    byte[] bytes = new byte[200_003];
    new Random(7).nextBytes(bytes);
    Path file = dir.resolve("blob");
    Files.write(file, bytes);
    assertEquals(Sha256.hex(bytes), Sha256.hex(file));
  }
}
