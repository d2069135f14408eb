package io.vowstream.messenger;

import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ScheduledItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every hop of every message, by message id: a read model over the committed records of the
 * ingress, schedule, assignments, results and rejected topics. A pushed item is a hop of the
 * message it was pushed for ({@code Pushed-For}) and has its own trace too, so a client can follow
 * a conversation from one id to the next.
 *
 * <p>It is in memory and bounded ({@code vowstream.mu.trace.max.messages}, least recently touched
 * forgotten first); each MU instance reads all partitions, so any instance answers for any id.
 */
final class TraceIndex {
  /** Hop kinds in pipeline order; hops are listed in this order, then in the order they were read. */
  enum Kind { INGRESS, SCHEDULE, REJECTED, ASSIGNMENT, RESULT, PUSH }

  /** One hop: where it was seen and what it said. */
  record Hop(Kind kind, String topic, int partition, long offset, long timestamp, Map<String, Object> details) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("hop", kind.name().toLowerCase(java.util.Locale.ROOT));
      m.put("topic", topic);
      m.put("partition", partition);
      m.put("offset", offset);
      m.put("timestamp", timestamp);
      m.putAll(details);
      return m;
    }
  }

  private final Map<String, List<Hop>> traces;
  private final MessengerSettings settings;
  private final String assignmentsTopic;

  TraceIndex(MessengerSettings settings, String assignmentsTopic, int maxMessages) {
    this.settings = settings;
    this.assignmentsTopic = assignmentsTopic;
    this.traces = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, List<Hop>> eldest) {
        return size() > maxMessages;
      }
    };
  }

  /** The topics whose committed records {@link #add} expects. */
  List<String> topics() {
    return List.of(settings.ingressTopic(), settings.scheduleTopic(), assignmentsTopic, settings.resultsTopic(),
        settings.rejectedTopic());
  }

  /** Files one committed record under the ids it concerns. */
  void add(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    String topic = r.topic();
    MessengerCodec codec = settings.codec();
    if (topic.equals(settings.ingressTopic())) {
      DataItem item = codec.dataItem.deserializer().deserialize(topic, r.value());
      record(DataItems.id(item), hop(Kind.INGRESS, r, itemDetails(item)));
    } else if (topic.equals(settings.scheduleTopic())) {
      DataItem item = codec.dataItem.deserializer().deserialize(topic, r.value());
      String id = DataItems.id(item);
      Map<String, Object> details = itemDetails(item);
      DataItems.tag(item, "From-Process").ifPresent(v -> details.put("fromProcess", v));
      Optional<String> pushedFor = DataItems.tag(item, "Pushed-For");
      pushedFor.ifPresent(v -> details.put("pushedFor", v));
      record(id, hop(Kind.SCHEDULE, r, details));
      if (pushedFor.isPresent()) {
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("id", id);
        push.put("kind", pushKind(item));
        push.putAll(itemDetails(item));
        record(pushedFor.get(), hop(Kind.PUSH, r, push));
      }
    } else if (topic.equals(assignmentsTopic)) {
      ScheduledItem s = codec.scheduledItem.deserializer().deserialize(topic, r.value());
      Assignment a = s.getAssignment();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("process", a.getProcessId());
      details.put("nonce", a.getNonce());
      details.put("assignmentId", a.getId());
      record(a.getMessageId() == null ? a.getProcessId() : a.getMessageId(), hop(Kind.ASSIGNMENT, r, details));
    } else if (topic.equals(settings.resultsTopic())) {
      Result res = codec.result.deserializer().deserialize(topic, r.value());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("process", res.getProcessId());
      details.put("nonce", res.getNonce());
      details.put("assignmentId", res.getAssignmentId());
      details.put("error", res.getError() == null ? null
          : Map.of("code", res.getError().getCode(), "message", res.getError().getMessage()));
      details.put("outbox", Map.of("messages", res.getMessages().size(), "spawns", res.getSpawns().size(),
          "assignments", res.getAssignments().size()));
      record(res.getMessageId(), hop(Kind.RESULT, r, details));
    } else if (topic.equals(settings.rejectedTopic())) {
      Rejection rej = codec.rejection.deserializer().deserialize(topic, r.value());
      if (rej.getItemId() != null) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("unit", rej.getUnit());
        details.put("reason", rej.getReasonCode());
        details.put("message", rej.getMessage());
        record(rej.getItemId(), hop(Kind.REJECTED, r, details));
      }
    }
  }

  private static String pushKind(DataItem item) {
    if (DataItems.hasTag(item, "Action", "Spawned")) {
      return Pushes.SPAWNED;
    }
    return switch (DataItems.tag(item, "Type").orElse("")) {
      case "Process" -> Pushes.SPAWN;
      case "Assign" -> Pushes.ASSIGNMENT;
      default -> Pushes.MESSAGE;
    };
  }

  private static Map<String, Object> itemDetails(DataItem item) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("type", DataItems.tag(item, "Type").orElse(null));
    DataItems.targetId(item).ifPresent(t -> d.put("target", t));
    return d;
  }

  private static Hop hop(Kind kind, ConsumerRecord<byte[], byte[]> r, Map<String, Object> details) {
    return new Hop(kind, r.topic(), r.partition(), r.offset(), r.timestamp(), details);
  }

  private synchronized void record(String id, Hop hop) {
    traces.computeIfAbsent(id, k -> new ArrayList<>()).add(hop);
  }

  /** The hops of {@code id} in pipeline order, empty when none was seen (or it was forgotten). */
  synchronized List<Hop> trace(String id) {
    List<Hop> hops = traces.get(id);
    if (hops == null) {
      return List.of();
    }
    List<Hop> sorted = new ArrayList<>(hops);
    sorted.sort(Comparator.comparing(Hop::kind));
    return sorted;
  }

  synchronized int size() {
    return traces.size();
  }
}
