package io.vowstream.messenger;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import io.vowstream.schemas.serde.VowstreamSerdes;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** The serdes of the MU's topics, sharing one registry client. */
final class MessengerCodec {
  final Serde<String> key;
  final Serde<DataItem> dataItem;
  final Serde<Result> result;
  final Serde<ScheduledItem> scheduledItem;
  final Serde<Rejection> rejection;
  /** Values of the crank stage's state topic: an Avro string. */
  final Serde<String> stateValue;

  MessengerCodec(SchemaRegistryClient registry) {
    this.key = VowstreamSerdes.stringKey(registry);
    this.dataItem = VowstreamSerdes.dataItem(registry);
    this.result = VowstreamSerdes.result(registry);
    this.scheduledItem = VowstreamSerdes.scheduledItem(registry);
    this.rejection = VowstreamSerdes.rejection(registry);
    this.stateValue = VowstreamSerdes.configured(String.class, registry, Map.of(), false);
  }
}
