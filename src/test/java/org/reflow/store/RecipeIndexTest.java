package org.reflow.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeIndexTest {

  @TempDir Path home;

  @Test
  void aRecordedRecipeFindsItsArtifactAndTheHomeListsEveryRecordedArtifact() {
    assertEquals(Optional.empty(), RecipeIndex.find(home, "r1"));
    assertEquals(Set.of(), RecipeIndex.artifacts(home));
    RecipeIndex.record(home, "r1", "aaaa");
    RecipeIndex.record(home, "r2", "bbbb");
    RecipeIndex.record(home, "r1", "cccc"); // the same recipe made again: the latest is kept
    assertEquals(Optional.of("cccc"), RecipeIndex.find(home, "r1"));
    assertEquals(Set.of("bbbb", "cccc"), RecipeIndex.artifacts(home));
  }
}
