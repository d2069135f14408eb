package io.vowstream.scheduler;

import io.vowstream.runtime.UnitMain;

/**
 * The scheduler unit as its own OS process.
 *
 * <pre>java -cp … io.vowstream.scheduler.SchedulerUnitMain [--config file.properties] [--set key=value]…</pre>
 *
 * <p>Prints {@code scheduler unit … listening on <url>} when ready; options, exit statuses and signals are
 * those of {@link UnitMain}.
 */
public final class SchedulerUnitMain {
  private SchedulerUnitMain() {}

  public static void main(String[] args) {
    UnitMain.run(args, "scheduler unit", SchedulerUnit::start, u -> "scheduler unit " + u.address() + " listening on " + u.httpUrl());
  }
}
