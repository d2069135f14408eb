package io.vowstream.schemas.registry;

import static io.vowstream.schemas.registry.ClientArguments.requireSubject;
import static io.vowstream.schemas.registry.ClientArguments.requireVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SchemaRegistryClient} that holds everything in memory, for tests and embedded use with
 * no registry server.
 *
 * <p>It behaves like a Confluent registry where it matters to serdes: ids start at 1 and are
 * registry-wide (the same schema text gets the same id under every subject); re-registering a
 * schema a subject holds returns its id without a new version; registration and {@link
 * #testCompatibility} apply the subject's compatibility level (global default {@link
 * CompatibilityLevel#BACKWARD}) with Avro's resolution rules; errors carry the registry's error
 * codes. Deleting a subject, soft or permanent, forgets its versions at once, while ids stay
 * resolvable.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private static final class Subject {
    final TreeMap<Integer, Integer> idsByVersion = new TreeMap<>();
    @Nullable CompatibilityLevel level;
    int lastVersion;
  }

  private final Map<String, Integer> idsByText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, Subject> subjects = new LinkedHashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int lastId;

  @Override
  public synchronized int register(String subject, Schema schema) {
    Subject s = subjects.get(requireSubject(subject));
    Integer existingId = idsByText.get(schema.toString());
    if (s != null && existingId != null && s.idsByVersion.containsValue(existingId)) {
      return existingId;
    }
    if (s != null) {
      CompatibilityLevel level = s.level != null ? s.level : globalLevel;
      List<String> problems = AvroCompatibilityRules.problems(level, schema, schemasOf(s));
      if (!problems.isEmpty()) {
        throw new SchemaRegistryException(
            "Schema being registered is incompatible with an earlier schema for subject '"
                + subject + "' (" + level + "): " + String.join("; ", problems),
            409,
            SchemaRegistryException.INCOMPATIBLE_SCHEMA);
      }
    } else {
      s = new Subject();
      subjects.put(subject, s);
    }
    int id;
    if (existingId != null) {
      id = existingId;
    } else {
      id = ++lastId;
      idsByText.put(schema.toString(), id);
      schemasById.put(id, schema);
    }
    s.idsByVersion.put(++s.lastVersion, id);
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          "Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    Subject s = existing(subject);
    Integer id = idsByText.get(schema.toString());
    if (id != null) {
      for (Map.Entry<Integer, Integer> e : s.idsByVersion.entrySet()) {
        if (e.getValue().equals(id)) {
          return new RegisteredSchema(subject, e.getKey(), id, schemasById.get(id));
        }
      }
    }
    throw new SchemaRegistryException(
        "Schema not found under subject '" + subject + "'",
        404,
        SchemaRegistryException.SCHEMA_NOT_FOUND);
  }

  @Override
  public synchronized RegisteredSchema latestVersion(String subject) {
    Subject s = existing(subject);
    Map.Entry<Integer, Integer> last = s.idsByVersion.lastEntry();
    int id = last.getValue();
    return new RegisteredSchema(subject, last.getKey(), id, schemasById.get(id));
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    Subject s = existing(subject);
    Integer id = s.idsByVersion.get(requireVersion(version));
    if (id == null) {
      throw new SchemaRegistryException(
          "Version " + version + " not found in subject '" + subject + "'",
          404,
          SchemaRegistryException.VERSION_NOT_FOUND);
    }
    return new RegisteredSchema(subject, version, id, schemasById.get(id));
  }

  @Override
  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    return List.copyOf(existing(subject).idsByVersion.keySet());
  }

  @Override
  public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
    Subject s = existing(subject);
    return check(s, schema, schemasOf(s));
  }

  @Override
  public synchronized CompatibilityResult testCompatibility(
      String subject, int version, Schema schema) {
    RegisteredSchema old = version(subject, version);
    return check(existing(subject), schema, List.of(old.schema()));
  }

  private CompatibilityResult check(Subject s, Schema schema, List<Schema> against) {
    CompatibilityLevel level = s.level != null ? s.level : globalLevel;
    List<String> problems = AvroCompatibilityRules.problems(level, schema, against);
    return new CompatibilityResult(problems.isEmpty(), problems);
  }

  @Override
  public synchronized CompatibilityLevel globalCompatibility() {
    return globalLevel;
  }

  @Override
  public synchronized CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
    globalLevel = java.util.Objects.requireNonNull(level, "level");
    return level;
  }

  @Override
  public synchronized CompatibilityLevel compatibility(String subject) {
    Subject s = subjects.get(requireSubject(subject));
    return s != null && s.level != null ? s.level : globalLevel;
  }

  @Override
  public synchronized CompatibilityLevel setCompatibility(
      String subject, CompatibilityLevel level) {
    java.util.Objects.requireNonNull(level, "level");
    // As in Confluent, a level may be set before the subject's first schema.
    subjects.computeIfAbsent(requireSubject(subject), k -> new Subject()).level = level;
    return level;
  }

  @Override
  public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
    Subject s = existing(subject);
    subjects.remove(subject);
    return List.copyOf(s.idsByVersion.keySet());
  }

  private Subject existing(String subject) {
    Subject s = subjects.get(requireSubject(subject));
    if (s == null || s.idsByVersion.isEmpty()) {
      throw new SchemaRegistryException(
          "Subject '" + subject + "' not found", 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
    }
    return s;
  }

  private List<Schema> schemasOf(Subject s) {
    List<Schema> out = new ArrayList<>();
    s.idsByVersion.values().forEach(id -> out.add(schemasById.get(id)));
    return out;
  }


}
