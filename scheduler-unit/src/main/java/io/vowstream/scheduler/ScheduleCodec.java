package io.vowstream.scheduler;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.SchedulerState;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import org.apache.kafka.common.serialization.Serde;

/** The serdes of the SU's topics, sharing one registry client. */
final class ScheduleCodec {
  final SchemaRegistryClient registry;
  final Serde<String> key;
  final Serde<DataItem> dataItem;
  final Serde<ScheduledItem> scheduledItem;
  final Serde<Rejection> rejection;
  final Serde<SchedulerState> state;

  ScheduleCodec(SchemaRegistryClient registry) {
    this.registry = registry;
    this.key = VowstreamSerdes.stringKey(registry);
    this.dataItem = VowstreamSerdes.dataItem(registry);
    this.scheduledItem = VowstreamSerdes.scheduledItem(registry);
    this.rejection = VowstreamSerdes.rejection(registry);
    this.state = VowstreamSerdes.value(SchedulerState.class, registry);
  }
}
