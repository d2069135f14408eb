package io.vowstream.messenger;

import io.vowstream.runtime.stream.InputRecord;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.schemas.Rejection;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the MU's rejection records (unit {@code mu}) for every failure site. */
final class Rejections {
  private static final Logger log = LoggerFactory.getLogger(Rejections.class);

  private final MessengerSettings settings;
  private final MessengerMetrics metrics;

  Rejections(MessengerSettings settings, MessengerMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A rejection of a consumed record, keyed like the input. */
  OutputRecord of(InputRecord rec, RejectionReason reason, String message, @Nullable String itemId) {
    log.debug("rejected {}-{}@{}: {} {}", rec.topic(), rec.partition(), rec.offset(), reason, message);
    Rejection r = rejection(reason, message, rec.value(), itemId).setSourceTopic(rec.topic())
        .setSourcePartition(rec.partition()).setSourceOffset(rec.offset()).build();
    return new OutputRecord(settings.rejectedTopic(), null, rec.key(), serialize(r));
  }

  /** A rejection of input that did not come from a topic (an HTTP body). */
  byte[] ofInput(RejectionReason reason, String message, byte[] input, @Nullable String itemId) {
    log.debug("rejected a POSTed item: {} {}", reason, message);
    return serialize(rejection(reason, message, input, itemId).build());
  }

  private Rejection.Builder rejection(RejectionReason reason, String message, byte @Nullable [] input,
      @Nullable String itemId) {
    metrics.rejected(reason);
    return Rejection.newBuilder().setUnit("mu").setReasonCode(reason.name()).setMessage(message)
        .setInput(ByteBuffer.wrap(input == null ? new byte[0] : input)).setItemId(itemId)
        .setTimestamp(settings.clock().millis());
  }

  private byte[] serialize(Rejection r) {
    return settings.codec().rejection.serializer().serialize(settings.rejectedTopic(), r);
  }
}
