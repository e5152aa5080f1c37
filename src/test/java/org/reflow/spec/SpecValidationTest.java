package org.reflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One file per kind of mistake under {@code specs/invalid/}; its first line says where the
 * error must point and what it must say: {@code # expect: LINE:COLUMN PATH: TEXT}.
 */
class SpecValidationTest {

  private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) ([^ ]*): (.*)");

  static Stream<Path> invalidSpecs() throws IOException, URISyntaxException {
    Path dir = Path.of(SpecValidationTest.class.getResource("/specs/invalid").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void eachMistakeIsReportedAtItsLineColumnAndFieldWithAnActionableMessage(Path file) throws IOException {
    Matcher expect = EXPECT.matcher(Files.readAllLines(file).get(0));
    assertTrue(expect.matches(), file + " must start with '# expect: LINE:COL PATH: TEXT'");
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file, List.of()));
    int line = Integer.parseInt(expect.group(1));
    int column = Integer.parseInt(expect.group(2));
    String path = expect.group(3);
    String text = expect.group(4);
    assertTrue(e.errors().stream().anyMatch(err -> err.line() == line && err.column() == column
            && err.path().equals(path) && err.message().contains(text) && err.file().equals(file.toString())),
        "expected " + line + ":" + column + " " + path + ": ..." + text + "... among\n" + e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void theMessageOfEveryErrorNamesTheFile(Path file) {
    SpecException e = assertThrows(SpecException.class, () -> SpecReader.read(file, List.of()));
    for (SpecError err : e.errors()) {
      assertEquals(file.toString(), err.file());
      assertTrue(e.getMessage().contains(err.toString()));
    }
  }
}
