/**
 * {@code reflow serve}: a live web dashboard over a home, and the JSON API it is built on. A read
 * side over the journal like {@code lineage} and {@code report}: the API answers with the same
 * documents as {@code runs --json}, {@code show --json} and {@code lineage --format json|openlineage}
 * ({@link org.reflow.report.RunDocuments}, {@link org.reflow.lineage.LineageQuery}), streams a
 * run's events as Server-Sent Events from the journal's live query, and serves four pages (runs, a
 * run, compare, lineage explorer) whose scripts and the uPlot WebJar come from the jar. Pekko HTTP;
 * reads the home while other processes write it. Its actions, behind the token, start {@code reflow
 * run} and {@code resume} as processes of their own ({@link org.reflow.serve.Launcher}) and write
 * cancel requests ({@link org.reflow.experiment.CancelRequest}); the journal is written by those
 * processes only.
 *
 * <p>May use: {@code experiment}, {@code lineage}, {@code report}, {@code store}, {@code home},
 * {@code text}. Used by: {@code cli}.
 */
package org.reflow.serve;
