package org.reflow.store;

import java.nio.file.AccessDeniedException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Why the operating system refused a write, when it said so: the file system is full, it is
 * mounted read-only, this user may not write there, or the file may grow no larger. Found in a
 * failure's cause chain, however deeply a library wrapped the {@link java.io.IOException} (H2
 * wraps it twice), by the messages the JDK gives these errors.
 */
public enum StorageFault {
  FULL("is full", "free space on it (or move REFLOW_HOME to a larger disk)", "No space left on device", "Disk quota exceeded"),
  READ_ONLY("is read-only", "make it writable again (remount it read-write)", "Read-only file system"),
  DENIED("refuses this user's writes", "give user " + System.getProperty("user.name") + " write access to it", "Permission denied"),
  FILE_SIZE_LIMIT("lets no file grow past this process's file size limit (ulimit -f)",
      "raise the limit (ulimit -f unlimited)", "File too large");

  private final String state;
  private final String remedy;
  private final String[] messages;

  StorageFault(String state, String remedy, String... messages) {
    this.state = state;
    this.remedy = remedy;
    this.messages = messages;
  }

  /** How the file system is, after "the file system holding PATH": "is full". */
  public String state() {
    return state;
  }

  /** What a person does about it, in the imperative: "free space on it …". */
  public String remedy() {
    return remedy;
  }

  /** The fault behind {@code failure} or any of its causes (and their suppressed exceptions), if the OS named one. */
  public static Optional<StorageFault> of(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      Optional<StorageFault> fault = named(t);
      for (Throwable s : t.getSuppressed()) {
        fault = fault.or(() -> named(s));
      }
      if (fault.isPresent()) {
        return fault;
      }
    }
    return Optional.empty();
  }

  /** The deepest cause's message: what the OS or driver said, without its wrappers. */
  public static String rootMessage(Throwable failure) {
    Throwable root = failure;
    Set<Throwable> seen = new HashSet<>();
    while (root.getCause() != null && seen.add(root)) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  private static Optional<StorageFault> named(Throwable t) {
    if (t instanceof AccessDeniedException) {
      return Optional.of(DENIED);
    }
    String message = String.valueOf(t.getMessage());
    for (StorageFault fault : values()) {
      for (String m : fault.messages) {
        if (message.contains(m)) {
          return Optional.of(fault);
        }
      }
    }
    return Optional.empty();
  }
}
