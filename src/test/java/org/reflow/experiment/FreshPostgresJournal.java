package org.reflow.experiment;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * In the PostgreSQL pass of the tests (REFLOW_JOURNAL_URL set to {@value TestPostgres#URL}'s
 * database, as {@code .ci/run} does), every test starts on an empty journal, as it does on H2 with
 * a fresh {@code @TempDir} home: the tables are emptied before each test, or once before a class
 * that builds a shared fixture in {@code @BeforeAll}. Registered for every test class (through
 * {@code junit-platform.properties}); on H2 it does nothing. It refuses to run the tests on any
 * other PostgreSQL journal, whose events it would delete.
 */
public final class FreshPostgresJournal implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    if (onTestDatabase()) {
      TestPostgres.truncate();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    boolean sharedFixture = !AnnotationSupport.findAnnotatedMethods(context.getRequiredTestClass(), BeforeAll.class,
        HierarchyTraversalMode.TOP_DOWN).isEmpty();
    if (onTestDatabase() && !sharedFixture) {
      TestPostgres.truncate();
    }
  }

  private static boolean onTestDatabase() {
    String journal = System.getenv("REFLOW_JOURNAL_URL");
    if (journal == null || journal.isBlank()) {
      return false;
    }
    if (!journal.equals(System.getenv(TestPostgres.URL))) {
      fail("REFLOW_JOURNAL_URL is set (" + JournalUrl.redacted(journal) + "): the tests would write into that journal"
          + " and empty it. Unset it, or set " + TestPostgres.URL + " to the same url if it is a database for tests.");
    }
    return true;
  }
}
