package io.vowstream.messenger;

import io.vowstream.runtime.http.HttpApiResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /}: raw ANS-104 bytes, as the ao MU takes them. The item is checked at once with the
 * same {@link ItemChecks} as the ingress stage uses; a bad one is answered 4xx with {@code
 * {"reason", "message"}} and written to the rejected topic, a good one is produced to the ingress
 * topic (keyed by its process id) and answered {@code 202 {"id"}} once the broker acknowledged it.
 * 202, not 200: the item is accepted, not yet scheduled (the ingress stage and the SU come next).
 * Waiting for the acknowledgement means a client that sends its next item after the answer keeps
 * its items in order.
 */
final class HttpIngress {
  private static final Logger log = LoggerFactory.getLogger(HttpIngress.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final MessengerSettings settings;
  private final ItemChecks checks;
  private final MessengerMetrics metrics;
  private final Rejections rejections;
  private final Producer<byte[], byte[]> producer;

  HttpIngress(MessengerSettings settings, ItemChecks checks, MessengerMetrics metrics,
      Producer<byte[], byte[]> producer) {
    this.settings = settings;
    this.checks = checks;
    this.metrics = metrics;
    this.rejections = new Rejections(settings, metrics);
    this.producer = producer;
  }

  /** Checks and writes one POSTed item; 503 when the broker cannot take it now. */
  HttpApiResponse submit(byte[] body) {
    try {
      return check(body);
    } catch (IllegalStateException e) {
      return HttpApiResponse.error(503, String.valueOf(e.getMessage()));
    }
  }

  private HttpApiResponse check(byte[] body) {
    return switch (checks.checkBinary(body)) {
      case ItemChecks.Accepted ok -> {
        String topic = settings.ingressTopic();
        byte[] key = settings.codec().key.serializer().serialize(topic, ok.processId());
        byte[] value = settings.codec().dataItem.serializer().serialize(topic, ok.item());
        send(new ProducerRecord<>(topic, key, value));
        metrics.accepted("http");
        yield HttpApiResponse.json(202, Map.of("id", ok.id()));
      }
      case ItemChecks.Refused bad -> refuse(bad, body);
    };
  }

  /** A body larger than the limit, refused from its Content-Length without reading it. */
  HttpApiResponse tooLarge(long length, int limit) {
    try {
      return refuse(new ItemChecks.Refused(RejectionReason.ITEM_TOO_LARGE, "the item has " + length
        + " bytes; at most " + limit + " are accepted (vowstream.mu.max.item.bytes)", null), new byte[0]);
    } catch (IllegalStateException e) {
      return HttpApiResponse.error(503, String.valueOf(e.getMessage()));
    }
  }

  private HttpApiResponse refuse(ItemChecks.Refused bad, byte[] body) {
    String topic = settings.rejectedTopic();
    send(new ProducerRecord<>(topic, null, rejections.ofInput(bad.reason(), bad.message(), body, bad.itemId())));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("reason", bad.reason().name());
    answer.put("message", bad.message());
    if (bad.itemId() != null) {
      answer.put("id", bad.itemId());
    }
    return HttpApiResponse.json(status(bad.reason()), answer);
  }

  static int status(RejectionReason reason) {
    return switch (reason) {
      case ITEM_TOO_LARGE -> 413;
      case FORGED_FROM_PROCESS -> 403;
      case UNKNOWN_PROCESS -> 404;
      case UNDECODABLE_RECORD, MALFORMED_ITEM, BAD_SIGNATURE, MISSING_TAG, UNSUPPORTED_TYPE, MISSING_TARGET,
           INVALID_OUTBOX_ENTRY, UNKNOWN_MESSAGE -> 400;
    };
  }

  private void send(ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + record.topic(), e);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("cannot write to {}: {}", record.topic(), e.toString());
      throw new IllegalStateException("cannot write to " + record.topic() + ": " + e.getMessage(), e);
    }
  }
}
