package io.vowstream.compute;

import io.vowstream.schemas.DataItem;
import java.util.Optional;

/**
 * Finds a data item by id, for {@code On-Boot: <item id>}: the found item's data is the process's
 * boot input. Empty means the item does not exist (the boot result is then an {@code
 * UNRESOLVED_BOOT_INPUT} error); a lookup that cannot tell (e.g. its store is unreachable) must
 * throw, which aborts the batch so that it is retried, never a different result.
 */
@FunctionalInterface
public interface ItemLookup {

  Optional<DataItem> find(String itemId);

  /** Finds nothing. */
  ItemLookup NONE = id -> Optional.empty();
}
