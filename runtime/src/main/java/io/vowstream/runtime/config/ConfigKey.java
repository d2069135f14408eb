package io.vowstream.runtime.config;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One documented configuration key.
 *
 * @param name the key, e.g. {@code vowstream.topic.ingress}
 * @param type a short type name for the documentation ({@code string}, {@code int}, ...)
 * @param defaultValue the default as text; {@code null} when the key is unset by default
 * @param doc one or two sentences for the configuration table
 * @param envAliases conventional environment variables that also set this key
 * @param parser turns the text into a value, throwing {@link IllegalArgumentException} with a
 *     reason when the text is not valid
 */
public record ConfigKey<T>(
    String name,
    String type,
    @Nullable String defaultValue,
    String doc,
    List<String> envAliases,
    Function<String, T> parser) {

  public ConfigKey {
    envAliases = List.copyOf(envAliases);
    if (defaultValue != null) {
      parser.apply(defaultValue); // a default that does not parse is a programming error
    }
  }

  /** The environment variable derived from the name: upper case, dots and dashes as underscores. */
  public String envName() {
    return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static ConfigKey<String> string(String name, @Nullable String def, String doc, String... aliases) {
    return new ConfigKey<>(name, "string", def, doc, List.of(aliases), s -> s);
  }

  static ConfigKey<Integer> port(String name, int def, String doc, String... aliases) {
    return new ConfigKey<>(name, "port", Integer.toString(def), doc, List.of(aliases), s -> {
      int p = Integer.parseInt(s.trim());
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("a port is 0..65535");
      }
      return p;
    });
  }

  static ConfigKey<Integer> positiveInt(String name, int def, String doc) {
    return new ConfigKey<>(name, "int", Integer.toString(def), doc, List.of(), s -> {
      int v = Integer.parseInt(s.trim());
      if (v <= 0) {
        throw new IllegalArgumentException("must be positive");
      }
      return v;
    });
  }

  static ConfigKey<String> topic(String name, String def, String doc) {
    return new ConfigKey<>(name, "topic", def, doc, List.of(), s -> {
      if (!s.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("a Kafka topic name is 1-249 characters of [a-zA-Z0-9._-]");
      }
      return s;
    });
  }
}
