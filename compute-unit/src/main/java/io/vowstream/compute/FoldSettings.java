package io.vowstream.compute;

import io.vowstream.schemas.registry.SchemaRegistryClient;
import java.time.Clock;
import java.util.Map;

/**
 * Settings of the fold.
 *
 * @param assignmentsTopic the input topic ({@code vowstream.assignments})
 * @param resultsTopic where results go ({@code vowstream.results})
 * @param rejectedTopic where chain breaks and undecodable records go ({@code vowstream.rejected})
 * @param stateTopic the compacted topic of checkpoints, co-partitioned with the input
 * @param registry the schema registry the serdes use
 * @param modules the modules processes may name
 * @param checkpointEvery a process's checkpoint is written once this many items were evaluated
 *     since its last one (at the end of the batch); 1 checkpoints every batch
 * @param verifySignatures whether each assignment's data-item signature must verify
 * @param legacyModules the module reference of each legacy process (one never booted: its process
 *     item is not on its schedule, so its {@code Module} tag is not known otherwise)
 * @param clock only for rejection timestamps; evaluation never reads it
 * @param itemLookup resolves {@code On-Boot: <item id>} (default: finds nothing)
 */
public record FoldSettings(String assignmentsTopic, String resultsTopic, String rejectedTopic, String stateTopic,
    SchemaRegistryClient registry, ModuleRegistry modules, int checkpointEvery, boolean verifySignatures,
    Map<String, String> legacyModules, Clock clock, ItemLookup itemLookup) {

  /** Settings whose item lookup finds nothing. */
  public FoldSettings(String assignmentsTopic, String resultsTopic, String rejectedTopic, String stateTopic,
      SchemaRegistryClient registry, ModuleRegistry modules, int checkpointEvery, boolean verifySignatures,
      Map<String, String> legacyModules, Clock clock) {
    this(assignmentsTopic, resultsTopic, rejectedTopic, stateTopic, registry, modules, checkpointEvery,
        verifySignatures, legacyModules, clock, ItemLookup.NONE);
  }

  public FoldSettings {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be at least 1, got " + checkpointEvery);
    }
    if (stateTopic.equals(assignmentsTopic)) {
      throw new IllegalArgumentException("the state topic must differ from the assignments topic " + assignmentsTopic);
    }
    legacyModules = Map.copyOf(legacyModules);
  }

  /** The default topic names, a checkpoint every 100 items, signatures verified, no legacy processes. */
  public static FoldSettings defaults(SchemaRegistryClient registry, ModuleRegistry modules, Clock clock) {
    return new FoldSettings("vowstream.assignments", "vowstream.results", "vowstream.rejected",
        "vowstream.cu.state", registry, modules, 100, true, Map.of(), clock);
  }

  /** These settings with another checkpoint interval. */
  public FoldSettings withCheckpointEvery(int items) {
    return new FoldSettings(assignmentsTopic, resultsTopic, rejectedTopic, stateTopic, registry, modules, items,
        verifySignatures, legacyModules, clock, itemLookup);
  }

  /** These settings with signature verification on or off. */
  public FoldSettings withVerifySignatures(boolean verify) {
    return new FoldSettings(assignmentsTopic, resultsTopic, rejectedTopic, stateTopic, registry, modules,
        checkpointEvery, verify, legacyModules, clock, itemLookup);
  }

  /** These settings with another module registry. */
  public FoldSettings withModules(ModuleRegistry registry) {
    return new FoldSettings(assignmentsTopic, resultsTopic, rejectedTopic, stateTopic, this.registry, registry,
        checkpointEvery, verifySignatures, legacyModules, clock, itemLookup);
  }

  /** These settings with another lookup for {@code On-Boot} item ids. */
  public FoldSettings withItemLookup(ItemLookup lookup) {
    return new FoldSettings(assignmentsTopic, resultsTopic, rejectedTopic, stateTopic, registry, modules,
        checkpointEvery, verifySignatures, legacyModules, clock, lookup);
  }

  /** These settings with the module references of legacy processes. */
  public FoldSettings withLegacyModules(Map<String, String> modulesByProcess) {
    return new FoldSettings(assignmentsTopic, resultsTopic, rejectedTopic, stateTopic, registry, modules,
        checkpointEvery, verifySignatures, modulesByProcess, clock, itemLookup);
  }
}
