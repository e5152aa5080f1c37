/**
 * The read side of provenance: where a checkpoint or coupling came from ({@link Lineage}) and what
 * was derived from it ({@link Descendants}), asked of the journal by {@link LineageQuery} through
 * {@link LineageIndex}, and rendered as a tree ({@link LineageText}), as DOT ({@link LineageDot})
 * or as OpenLineage events ({@link OpenLineageEvents}). Reads events, writes none; knows nothing
 * of actors.
 *
 * <p>May use: {@code experiment}, {@code spec}, {@code text}. Used by: {@code bench}, {@code cli}, {@code
 * report}, {@code serve}.
 */
package org.reflow.lineage;
