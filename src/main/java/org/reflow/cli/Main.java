package org.reflow.cli;

import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reflow} command line: wires subcommands, nothing more. */
@Command(
    name = "reflow",
    mixinStandardHelpOptions = true,
    version = "reflow 0.1.0",
    description = "Rectified-flow experiments: train, reflow, distil, evaluate — and benchmark the engine.",
    subcommands = {RunCommand.class, ResumeCommand.class, CancelCommand.class, NodeCommand.class, RunsCommand.class, ShowCommand.class, CompareCommand.class, SampleCommand.class, LineageCommand.class, ReportCommand.class, ServeCommand.class, ValidateCommand.class, BenchCommand.class, DoctorCommand.class, RmCommand.class, GcCommand.class, CompactCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // SLF4J's notes about its own start-up (replayed early log calls) are noise on a terminal.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    // whatever reaches the terminal, a library's message or a stack trace included, has its secrets masked
    System.setOut(RedactedOutput.printStream(System.out, encoding("stdout.encoding")));
    System.setErr(RedactedOutput.printStream(System.err, encoding("stderr.encoding")));
    int status = new CommandLine(new Main()).execute(args);
    System.out.flush(); // a last line without a line end
    System.err.flush();
    System.exit(status);
  }

  private static Charset encoding(String property) {
    String name = System.getProperty(property);
    return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
