/**
 * One run, event-sourced: the {@link Experiment} actor, its {@link Event}s and {@link RunState};
 * the journal on embedded H2 or PostgreSQL ({@link JournalDatabase}, {@link JournalUrl}, {@link
 * JournalCredentials}, {@link PostgresJournal}, its read side {@link Journal} and {@link RunHistory},
 * {@link JournalMaintenance}, the locks {@link RunLock}, {@link RunLease} and {@link JournalOpenLock}, a
 * run's {@link CancelRequest});
 * the actor system and settings ({@link ReflowSystem}, {@link ReflowSettings}).
 *
 * <p>May use: {@code spec}, {@code store} (run ids as file names), {@code text}. Used by: {@code bench}, {@code cli}, {@code home}, {@code lineage},
 * {@code report}, {@code run}, {@code work}, {@code serve}.
 */
package org.reflow.experiment;
