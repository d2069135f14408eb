package io.vowstream.messenger;

import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.PartitionProcessor;
import io.vowstream.runtime.stream.StateRecord;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The ingress stage's logic: every data item on the ingress topic is checked ({@link ItemChecks})
 * and either written to the schedule topic, keyed by its process id, or rejected with a reason.
 * Records are handled in offset order and written in that order, so items of one process keep
 * the order they had on their ingress partition. A Process item with a target is followed by an
 * Assign of it to that target. It keeps no state.
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
      handle(rec, out);
    }
    return out;
  }

  private void handle(InputRecord rec, List<OutputRecord> out) {
    byte[] value = rec.value();
    if (value == null) {
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the record has no value (a data item was expected)",
          null));
      return;
    }
    DataItem item;
    try {
      item = settings.codec().dataItem.deserializer().deserialize(rec.topic(), value);
    } catch (SerializationException e) {
      if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
        throw e; // the registry is unreachable: abort and retry rather than reject a good item
      }
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD,
          "the value is not an Avro data item: " + e.getMessage(), null));
      return;
    }
    if (item == null) {
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the value decodes to null", null));
      return;
    }
    switch (checks.checkRecord(value.length, item)) {
      case ItemChecks.Accepted ok -> {
        metrics.accepted("kafka");
        String topic = settings.scheduleTopic();
        out.add(OutputRecord.keyed(topic, settings.codec().key.serializer().serialize(topic, ok.processId()),
            settings.codec().dataItem.serializer().serialize(topic, ok.item())));
        Optional<String> target = ok.isProcess() ? DataItems.targetId(ok.item()) : Optional.empty();
        if (target.isPresent()) {
          // ao's sendProcess: a user's spawn with a target is also assigned to it, in this transaction.
          Pushes.Push push = Pushes.spawnTarget(settings.signer(), ok.item(), target.get());
          out.add(OutputRecord.keyed(topic, settings.codec().key.serializer().serialize(topic, push.key()),
              settings.codec().dataItem.serializer().serialize(topic, push.item())));
          metrics.pushed(push.kind());
        }
      }
      case ItemChecks.Refused bad -> out.add(rejections.of(rec, bad.reason(), bad.message(), bad.itemId()));
    }
  }
}
