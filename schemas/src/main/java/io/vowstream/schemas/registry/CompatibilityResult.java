package io.vowstream.schemas.registry;

import java.util.List;

/**
 * The answer to a compatibility check.
 *
 * @param compatible whether the schema may be registered under the subject
 * @param messages the registry's explanations (empty when compatible, or when it gave none)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
