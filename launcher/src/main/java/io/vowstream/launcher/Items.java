package io.vowstream.launcher;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds the signed ao items the CLI and the demo submit. */
final class Items {
  private Items() {}

  /**
   * A message to {@code target}. A fresh random anchor makes every send a new item: Ed25519 is
   * deterministic, so two identical messages would otherwise have the same id and the second would
   * be acknowledged as a duplicate instead of scheduled.
   */
  static DataItem message(SigningKey key, String target, List<Tag> tags, byte[] data, SecureRandom random) {
    List<Tag> all = new ArrayList<>();
    all.add(new Tag("Data-Protocol", "ao"));
    all.add(new Tag("Type", "Message"));
    all.addAll(tags);
    return DataItems.sign(key, Base64Url.decode(target), anchor(random), all, data);
  }

  /**
   * A process running {@code module} on the scheduler {@code scheduler}; with {@code bootInput}
   * it carries {@code On-Boot: Data} and the input as its data.
   */
  static DataItem process(SigningKey key, String module, String scheduler, @Nullable String bootInput,
      List<Tag> tags, SecureRandom random) {
    List<Tag> all = new ArrayList<>();
    all.add(new Tag("Data-Protocol", "ao"));
    all.add(new Tag("Type", "Process"));
    all.add(new Tag("Module", module));
    all.add(new Tag("Scheduler", scheduler));
    if (bootInput != null) {
      all.add(new Tag("On-Boot", "Data"));
    }
    all.addAll(tags);
    byte[] data = bootInput == null ? new byte[0] : bootInput.getBytes(StandardCharsets.UTF_8);
    return DataItems.sign(key, null, anchor(random), all, data);
  }

  /** {@code Name=Value} as a tag. */
  static Tag parseTag(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("a tag is Name=Value, got '" + text + "'");
    }
    return new Tag(text.substring(0, eq), text.substring(eq + 1));
  }

  private static byte[] anchor(SecureRandom random) {
    byte[] anchor = new byte[32];
    random.nextBytes(anchor);
    return anchor;
  }
}
