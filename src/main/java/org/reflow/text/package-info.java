/**
 * Help for messages: {@link Suggest}, the nearest valid name to a misspelt one, and {@link
 * Redaction}, which masks secrets in what is printed or written.
 *
 * <p>May use: no other reflow package. Used by: {@code cli}, {@code data}, {@code experiment}, {@code lineage},
 * {@code report}, {@code spec}.
 */
package org.reflow.text;
