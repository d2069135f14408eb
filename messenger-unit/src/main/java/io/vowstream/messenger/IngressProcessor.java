package io.vowstream.messenger;

import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The ingress stage's logic: every data item on the ingress topic is checked ({@link ItemChecks})
 * and either written to the schedule topic, keyed by its process id, or rejected with a reason.
 * Records are handled in offset order and written in that order, so items of one process keep
 * the order they had on their ingress partition. It keeps no state.
 */
final class IngressProcessor implements PartitionProcessor {
  private final MessengerSettings settings;
  private final ItemChecks checks;
  private final MessengerMetrics metrics;
  private final Rejections rejections;

  IngressProcessor(MessengerSettings settings, ItemChecks checks, MessengerMetrics metrics) {
    this.settings = settings;
    this.checks = checks;
    this.metrics = metrics;
    this.rejections = new Rejections(settings, metrics);
  }

  @Override
  public void restore(int partition, List<StateRecord> records) {
    // stateless
  }

  @Override
  public void drop(int partition) {
    // stateless
  }

  @Override
  public List<OutputRecord> process(int partition, List<InputRecord> batch) {
    List<OutputRecord> out = new ArrayList<>(batch.size());
    for (InputRecord rec : batch) {
      out.add(handle(rec));
    }
    return out;
  }

  private OutputRecord handle(InputRecord rec) {
    byte[] value = rec.value();
    if (value == null) {
      return rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the record has no value (a data item was expected)",
          null);
    }
    DataItem item;
    try {
      item = settings.codec().dataItem.deserializer().deserialize(rec.topic(), value);
    } catch (SerializationException e) {
      if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
        throw e; // the registry is unreachable: abort and retry rather than reject a good item
      }
      return rejections.of(rec, RejectionReason.UNDECODABLE_RECORD,
          "the value is not an Avro data item: " + e.getMessage(), null);
    }
    if (item == null) {
      return rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the value decodes to null", null);
    }
    return switch (checks.checkRecord(value.length, item)) {
      case ItemChecks.Accepted ok -> {
        metrics.accepted("kafka");
        String topic = settings.scheduleTopic();
        yield OutputRecord.keyed(topic, settings.codec().key.serializer().serialize(topic, ok.processId()),
            settings.codec().dataItem.serializer().serialize(topic, ok.item()));
      }
      case ItemChecks.Refused bad -> rejections.of(rec, bad.reason(), bad.message(), bad.itemId());
    };
  }
}
