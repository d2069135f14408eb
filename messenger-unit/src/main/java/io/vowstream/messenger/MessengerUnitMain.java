package io.vowstream.messenger;

import io.vowstream.runtime.UnitMain;

/**
 * The messenger unit as its own OS process.
 *
 * <pre>java -cp … io.vowstream.messenger.MessengerUnitMain [--config file.properties] [--set key=value]…</pre>
 *
 * <p>Prints {@code messenger unit … listening on <url>} when ready; options, exit statuses and signals are
 * those of {@link UnitMain}.
 */
public final class MessengerUnitMain {
  private MessengerUnitMain() {}

  public static void main(String[] args) {
    UnitMain.run(args, "messenger unit", MessengerUnit::start, u -> "messenger unit " + u.address() + " listening on " + u.httpUrl());
  }
}
