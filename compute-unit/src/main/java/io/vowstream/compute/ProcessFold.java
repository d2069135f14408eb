package io.vowstream.compute;

import io.vowstream.flow.testing.ManualFlowScheduler;
import io.vowstream.flow.zone.DurableZone;
import io.vowstream.flow.zone.MapStore;
import io.vowstream.flow.zone.Zones;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fold of one process: where its schedule has got to, and its module state in a durable zone.
 *
 * <p>The zone runs on its own manual scheduler at a fixed instant, so nothing in it depends on the
 * wall clock; the fold drains the scheduler after every evaluation.
 */
final class ProcessFold {
  static final String STATE_STORE = "state";

  final String processId;
  /** The last nonce evaluated (or skipped by a halt), -1 before the first. */
  long lastNonce = -1;
  @Nullable String lastAssignmentId;
  @Nullable String hashChain;
  @Nullable String moduleRef;
  boolean halted;
  @Nullable String haltReason;
  /** Items evaluated since the last checkpoint. */
  int sinceCheckpoint;
  /** The input offset of the last item evaluated; the stage replays from after a checkpoint's. */
  long lastOffset = -1;
  /** The highest nonce whose result is committed; items up to it are replayed without a result. */
  long committedNonce = -1;
  /** Set when this fold must be written as a checkpoint at the end of the batch. */
  boolean checkpointDue;

  private ManualFlowScheduler scheduler;
  private DurableZone zone;
  private MapStore<String, Object> state;

  ProcessFold(String processId) {
    this.processId = processId;
    this.scheduler = new ManualFlowScheduler(Instant.EPOCH);
    this.zone = Zones.durable(scheduler);
    this.state = zone.mapStore(STATE_STORE);
  }

  DurableZone zone() {
    return zone;
  }

  MapStore<String, Object> state() {
    return state;
  }

  void drain() {
    scheduler.runUntilIdle();
  }

  /** The state's entries in order (values are fresh copies), to roll a failed evaluation back. */
  List<Map.Entry<String, Object>> copyState() {
    List<Map.Entry<String, Object>> out = new ArrayList<>();
    for (String k : state.keys()) {
      out.add(Map.entry(k, state.get(k)));
    }
    return out;
  }

  /** Puts the state back to {@code entries}, order included. */
  void resetState(List<Map.Entry<String, Object>> entries) {
    for (String k : state.keys()) {
      state.delete(k);
    }
    for (Map.Entry<String, Object> e : entries) {
      state.init(e.getKey(), e.getValue());
    }
  }

  /**
   * The module state as checkpoint bytes that depend on nothing but its content: the entries are
   * copied into a new zone tree (incarnation 0) and that tree is written. Checkpointing the live
   * zone would carry its incarnation, which differs between a cold fold and a restored one.
   */
  byte[] snapshot() {
    DurableZone fresh = Zones.durable(new ManualFlowScheduler(Instant.EPOCH));
    try {
      MapStore<String, Object> copy = fresh.mapStore(STATE_STORE);
      for (Map.Entry<String, Object> e : copyState()) {
        copy.init(e.getKey(), e.getValue());
      }
      return fresh.checkpoint();
    } finally {
      fresh.close();
    }
  }

  /** Replaces the zone with the one written by {@link #snapshot()}. */
  void restoreSnapshot(byte[] bytes) {
    zone.close();
    scheduler = new ManualFlowScheduler(Instant.EPOCH);
    zone = Zones.restore(bytes, scheduler);
    state = zone.mapStore(STATE_STORE);
    zone.resume();
  }

  void close() {
    zone.close();
  }
}
