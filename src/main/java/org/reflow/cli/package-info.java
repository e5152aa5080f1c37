/**
 * The {@code reflow} command line (picocli): {@link Main} wires one command per file ({@link
 * RunCommand}, {@link ResumeCommand}, {@link ValidateCommand}, {@link SampleCommand}, {@link
 * ShowCommand}, {@link RunsCommand}, {@link LineageCommand}, {@link ReportCommand}, {@link
 * RmCommand}, {@link GcCommand}, {@link CompactCommand}, {@link BenchCommand}), each parsing its
 * options and calling the packages below; {@link RunSession}, {@link RunPrinter} and {@link
 * SummaryTable} put a run being conducted on the terminal.
 *
 * <p>May use: {@code bench}, {@code cluster}, {@code data}, {@code experiment}, {@code flow}, {@code flow.solve},
 * {@code home}, {@code lineage}, {@code rand}, {@code report}, {@code run}, {@code spec}, {@code
 * serve}, {@code store}, {@code text}, {@code work}. Used by: no package (the entry point).
 */
package org.reflow.cli;
