package io.vowstream.messenger;

import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the MU needs to know about a process: the tags of its process item (Module, Authority,
 * From-Process of a spawned child, ...).
 *
 * @param authorities the addresses of every {@code Authority} tag, comma-separated values split
 */
record ProcessInfo(String pid, @Nullable String module, @Nullable String scheduler, Set<String> authorities,
    @Nullable String fromProcess, @Nullable String pushedFor, List<Tag> tags) {

  ProcessInfo {
    authorities = Set.copyOf(authorities);
    tags = List.copyOf(tags);
  }

  static ProcessInfo of(DataItem processItem) {
    Set<String> authorities = new LinkedHashSet<>();
    for (String value : DataItems.tagValues(processItem, "Authority")) {
      for (String a : value.split(",")) {
        if (!a.isBlank()) {
          authorities.add(a.trim());
        }
      }
    }
    List<Tag> tags = new ArrayList<>();
    for (Tag t : processItem.getTags()) {
      tags.add(new Tag(t.getName(), t.getValue()));
    }
    return new ProcessInfo(DataItems.id(processItem), DataItems.tag(processItem, "Module").orElse(null),
        DataItems.tag(processItem, "Scheduler").orElse(null), authorities,
        DataItems.tag(processItem, "From-Process").orElse(null),
        DataItems.tag(processItem, "Pushed-For").orElse(null), tags);
  }

  boolean trusts(String address) {
    return authorities.contains(address);
  }
}
