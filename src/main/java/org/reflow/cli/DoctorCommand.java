package org.reflow.cli;

import java.util.concurrent.Callable;
import org.reflow.bench.Doctor;
import picocli.CommandLine.Command;

/** {@code reflow doctor}: what this machine will compute with. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Prints what reflow computes with here: Java, the CPU, the ND4J backend and its devices (CUDA devices on a"
          + " GPU build), the BLAS library and the kernel OpenBLAS picked, thread counts, and the engine each"
          + " model trains on. One 'name: value' line each."
    })
final class DoctorCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    Doctor.report().forEach((name, value) -> System.out.println(name + ": " + value));
    return 0;
  }
}
