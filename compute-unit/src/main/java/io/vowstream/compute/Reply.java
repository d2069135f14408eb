package io.vowstream.compute;

import java.util.List;
import java.util.Optional;

/**
 * A reply to {@link ProcessHost#request}, as the requesting flow sees it. A storable record, so it
 * is logged and stored like any other value.
 *
 * @param from the replying process ({@code From-Process})
 * @param messageId the reply message's id
 * @param tags the reply's tags as a flat list of names and values
 * @param data the reply's data as UTF-8 text
 */
public record Reply(String from, String messageId, List<String> tags, String data) {

  public Reply {
    tags = List.copyOf(tags);
  }

  /** The value of the first tag called {@code name}. */
  public Optional<String> tag(String name) {
    for (int i = 0; i + 1 < tags.size(); i += 2) {
      if (tags.get(i).equals(name)) {
        return Optional.of(tags.get(i + 1));
      }
    }
    return Optional.empty();
  }
}
