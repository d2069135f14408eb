package io.vowstream.messenger;

import io.vowstream.dataitem.DataItems;
import io.vowstream.dataitem.VerificationResult;
import io.vowstream.runtime.stream.BatchWork;
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
import org.jspecify.annotations.Nullable;

/**
 * The ingress stage's logic: every data item on the ingress topic is checked ({@link ItemChecks})
 * and either written to the schedule topic, keyed by its process id, or rejected with a reason.
 * Records are handled in offset order and written in that order, so items of one process keep
 * the order they had on their ingress partition. A Process item with a target is followed by an
 * Assign of it to that target. It keeps no state.
 */
final class IngressProcessor implements PartitionProcessor {
  /** Batches at least this large are decoded and signature-checked in parallel. */
  private static final int PARALLEL_DECODE_THRESHOLD = 8;
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
    // Decoding and the signature check depend on nothing but the record: they run in parallel (the
    // Ed25519 check is most of an item's cost), the other checks and the output in input order.
    for (Decoded d : BatchWork.map(batch, PARALLEL_DECODE_THRESHOLD, this::decode)) {
      handle(d, out);
    }
    return out;
  }

  /** A record's item (or why there is none) and, for an item of acceptable size, its signature check. */
  private record Decoded(InputRecord rec, @Nullable DataItem item, @Nullable SerializationException error,
      @Nullable VerificationResult verdict) {}

  private Decoded decode(InputRecord rec) {
    byte[] value = rec.value();
    if (value == null) {
      return new Decoded(rec, null, null, null);
    }
    DataItem item;
    try {
      item = settings.codec().dataItem.deserializer().deserialize(rec.topic(), value);
    } catch (SerializationException e) {
      return new Decoded(rec, null, e, null);
    }
    boolean checkable = item != null && checks.acceptsSize(value.length);
    return new Decoded(rec, item, null, checkable ? DataItems.verify(item) : null);
  }

  private void handle(Decoded d, List<OutputRecord> out) {
    InputRecord rec = d.rec();
    byte[] value = rec.value();
    if (value == null) {
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the record has no value (a data item was expected)",
          null));
      return;
    }
    SerializationException e = d.error();
    if (e != null) {
      if (e.getCause() instanceof SchemaRegistryException sre && !sre.isNotFound()) {
        throw e; // the registry is unreachable: abort and retry rather than reject a good item
      }
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD,
          "the value is not an Avro data item: " + e.getMessage(), null));
      return;
    }
    DataItem item = d.item();
    if (item == null) {
      out.add(rejections.of(rec, RejectionReason.UNDECODABLE_RECORD, "the value decodes to null", null));
      return;
    }
    switch (checks.checkRecord(value.length, item, d.verdict())) {
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
