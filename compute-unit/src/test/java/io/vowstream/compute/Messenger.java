package io.vowstream.compute;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.Signer;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the MU for broker-free tests: turns the outbox messages of committed results into pushed
 * items ({@code From-Process}, {@code Pushed-For}) scheduled on the target process's chain.
 * Messages to addresses that are not known processes (e.g. replies to a user) are counted, not pushed.
 */
final class Messenger {
  static final SigningKey MU_KEY = Signer.ed25519(Schedules.seed(10));

  private final Schedules g;
  private final Map<String, Schedules.Chain> chains = new LinkedHashMap<>();
  private final Map<String, Integer> partitions = new LinkedHashMap<>();
  private int cranked;
  int toUsers;

  Messenger(Schedules g) {
    this.g = g;
  }

  /** Boots {@code process} on {@code partition} (not committed yet); returns its chain. */
  Schedules.Chain spawn(DataItem process, int partition) {
    Schedules.Chain c = g.chain(process);
    chains.put(c.pid, c);
    partitions.put(c.pid, partition);
    g.send(partition, c.boot(process));
    return c;
  }

  /** Schedules {@code message} for its target process. */
  void deliver(String pid, DataItem message) {
    g.send(partitions.get(pid), chains.get(pid).msg(message));
  }

  /** A message from the user (the owner's key) to {@code pid}, scheduled. */
  DataItem user(String pid, String... tags) {
    DataItem m = g.message(pid, tags);
    deliver(pid, m);
    return m;
  }

  /** A pushed message as the MU would make it: from process {@code from}, to {@code target}. */
  DataItem pushed(String from, String target, List<Tag> tags, byte[] data) {
    List<Tag> all = new ArrayList<>(List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message")));
    all.addAll(tags);
    all.add(new Tag("From-Process", from));
    return DataItems.sign(MU_KEY, Base64Url.decode(target), null, all, data);
  }

  /** Pushes the outbox messages of results committed since the last crank; returns how many. */
  int crank() {
    List<Result> all = g.results();
    int pushed = 0;
    for (; cranked < all.size(); cranked++) {
      Result r = all.get(cranked);
      for (OutboxMessage m : r.getMessages()) {
        if (!chains.containsKey(m.getTarget())) {
          toUsers++;
          continue;
        }
        List<Tag> tags = new ArrayList<>(m.getTags());
        tags.add(new Tag("Pushed-For", r.getMessageId()));
        deliver(m.getTarget(), pushed(r.getProcessId(), m.getTarget(), tags, bytes(m.getData())));
        pushed++;
      }
    }
    return pushed;
  }

  /** Commits and cranks until nothing more is pushed; returns the number of rounds. */
  int settle() {
    int rounds = 0;
    do {
      g.driver.commit();
      rounds++;
    } while (crank() > 0);
    return rounds;
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
