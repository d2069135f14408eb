package io.vowstream.schemas.serde;

/** Confluent's TopicNameStrategy: the subject of a topic's keys or values. */
final class SubjectNames {
  private SubjectNames() {}

  static String topicSubject(String topic, boolean isKey) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty when naming a subject");
    }
    return topic + (isKey ? "-key" : "-value");
  }
}
