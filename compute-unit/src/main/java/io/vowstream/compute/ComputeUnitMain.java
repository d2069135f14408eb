package io.vowstream.compute;

import io.vowstream.runtime.UnitMain;

/**
 * The compute unit as its own OS process.
 *
 * <pre>java -cp … io.vowstream.compute.ComputeUnitMain [--config file.properties] [--set key=value]…</pre>
 *
 * <p>Prints {@code compute unit … listening on <url>} when ready; options, exit statuses and signals are
 * those of {@link UnitMain}.
 */
public final class ComputeUnitMain {
  private ComputeUnitMain() {}

  public static void main(String[] args) {
    UnitMain.run(args, "compute unit", ComputeUnit::start, u -> "compute unit listening on " + u.httpUrl());
  }
}
