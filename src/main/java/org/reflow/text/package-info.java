/**
 * Help for messages: {@link Suggest}, the nearest valid name to a misspelt one.
 *
 * <p>May use: no other reflow package. Used by: {@code cli}, {@code data}, {@code spec}.
 */
package org.reflow.text;
