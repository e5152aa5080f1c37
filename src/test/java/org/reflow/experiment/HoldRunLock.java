package org.reflow.experiment;

import java.nio.file.Path;

/** Child process for {@link RunLockTest}: takes a run's lock, says "held", and keeps it until killed. */
public final class HoldRunLock {

  private HoldRunLock() {}

  /** Args: the home directory, the run id. */
  public static void main(String[] args) throws Exception {
    RunLock lock = RunLock.acquire(Path.of(args[0]), args[1]);
    System.out.println("held");
    System.out.flush();
    System.in.readAllBytes();
    lock.close();
  }
}
