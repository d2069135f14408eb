package io.vowstream.schemas.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API that Vowstream uses. Subjects follow Confluent's
 * topic naming ({@code <topic>-value}, {@code <topic>-key}); ids are registry-wide, so the same
 * schema has the same id under every subject.
 *
 * <p>Every method throws {@link SchemaRegistryException} when the registry refuses or cannot be
 * reached. Implementations are safe for concurrent use.
 */
public interface SchemaRegistryClient extends Closeable {

  /**
   * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
   * returns its id. Registering a schema the subject already holds returns the existing id.
   */
  int register(String subject, Schema schema);

  /** The schema with this id ({@code GET /schemas/ids/{id}}). */
  Schema schemaById(int id);

  /**
   * The id of {@code schema} if it is registered under {@code subject}, without registering it.
   * Equivalent to {@code lookup(subject, schema).id()}, but implementations may answer from a
   * cache.
   */
  default int id(String subject, Schema schema) {
    return lookup(subject, schema).id();
  }

  /**
   * The version of {@code subject} holding {@code schema} ({@code POST /subjects/{subject}}).
   * Fails with {@link SchemaRegistryException#SCHEMA_NOT_FOUND} if it is not registered there.
   */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The newest version of {@code subject} ({@code GET /subjects/{subject}/versions/latest}). */
  RegisteredSchema latestVersion(String subject);

  /**
   * One version of {@code subject} ({@code GET /subjects/{subject}/versions/{version}}).
   *
   * @param version a version number, from 1
   */
  RegisteredSchema version(String subject, int version);

  /** All subjects, in the registry's order ({@code GET /subjects}). */
  List<String> subjects();

  /** The versions of {@code subject}, ascending ({@code GET /subjects/{subject}/versions}). */
  List<Integer> versions(String subject);

  /**
   * Whether {@code schema} could be registered under {@code subject} as its next version, judged
   * against the latest version under the subject's compatibility level ({@code POST
   * /compatibility/subjects/{subject}/versions/latest?verbose=true}).
   */
  CompatibilityResult testCompatibility(String subject, Schema schema);

  /**
   * Like {@link #testCompatibility(String, Schema)}, but against one given version.
   *
   * @param version a version number, from 1
   */
  CompatibilityResult testCompatibility(String subject, int version, Schema schema);

  /** The registry-wide default level ({@code GET /config}). */
  CompatibilityLevel globalCompatibility();

  /** Sets the registry-wide default level ({@code PUT /config}); returns the level now in force. */
  CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level);

  /**
   * The level in force for {@code subject}: its own if set, else the global one ({@code GET
   * /config/{subject}?defaultToGlobal=true}).
   */
  CompatibilityLevel compatibility(String subject);

  /** Sets {@code subject}'s own level ({@code PUT /config/{subject}}); returns the level set. */
  CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level);

  /**
   * Deletes {@code subject} and returns the versions it held ({@code DELETE /subjects/{subject}}).
   * Schema ids stay resolvable by id.
   *
   * @param permanent a hard delete ({@code ?permanent=true}); a registry only allows it after a
   *     soft delete
   */
  List<Integer> deleteSubject(String subject, boolean permanent);

  /** Releases connections and threads; the default does nothing. */
  @Override
  default void close() {}
}
