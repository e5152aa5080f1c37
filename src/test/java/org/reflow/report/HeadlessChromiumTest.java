package org.reflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser check itself: it must see a script that throws, console.error and a broken image, and pass a clean page. */
class HeadlessChromiumTest {

  @TempDir Path dir;

  @Test
  void aPageWhoseScriptThrowsIsReportedWithTheException() throws Exception {
    HeadlessChromium.PageLoad load = HeadlessChromium.load(page("<p id=\"a\">x</p><script>throw new Error('boom-in-page')</script>"));
    assertTrue(load.errors().stream().anyMatch(e -> e.contains("boom-in-page")), load.errors().toString());
  }

  @Test
  void consoleErrorAndAnImageThatCannotLoadAreReported() throws Exception {
    HeadlessChromium.PageLoad load = HeadlessChromium.load(page(
        "<img id=\"i\" src=\"missing.png\"><script>console.error('said-an-error')</script>"));
    assertTrue(load.errors().stream().anyMatch(e -> e.contains("said-an-error")), load.errors().toString());
    assertTrue(load.errors().stream().anyMatch(e -> e.contains("missing.png")), load.errors().toString());
    assertEquals(1, load.images());
    assertEquals(0, load.imagesDecoded());
  }

  @Test
  void aCleanPageLoadsWithNoErrorAndItsElementIds() throws Exception {
    HeadlessChromium.PageLoad load = HeadlessChromium.load(page("<section id=\"one\"><p id=\"two\">fine</p></section>"
        + "<script>console.log('just a log')</script>"));
    assertEquals(java.util.List.of(), load.errors());
    assertEquals(java.util.List.of("one", "two"), load.elementIds());
  }

  private Path page(String body) throws Exception {
    Path file = dir.resolve("page.html");
    Files.writeString(file, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>" + body + "</body></html>");
    return file;
  }
}
