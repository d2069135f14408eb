package io.vowstream.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as the registry holds it.
 *
 * @param subject the subject, e.g. {@code vowstream.results-value}
 * @param version the version within the subject, from 1
 * @param id the registry-wide schema id written into every record (the same schema text has the
 *     same id under every subject)
 * @param schema the parsed Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
