package io.vowstream.schemas.serde;

import io.vowstream.schemas.registry.HttpSchemaRegistryClient;
import io.vowstream.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.config.ConfigException;

/** Builds the HTTP registry client a serde uses when none was given to its constructor. */
final class RegistryClients {
  private RegistryClients() {}

  static SchemaRegistryClient fromConfig(VowstreamSerdeConfig config, String serdeName) {
    if (config.schemaRegistryUrls().isEmpty()) {
      throw new ConfigException(
          "Missing required configuration \""
              + VowstreamSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
              + "\" for "
              + serdeName
              + " (or pass a SchemaRegistryClient to its constructor)");
    }
    try {
      return HttpSchemaRegistryClient.builder(config.schemaRegistryUrls())
          .basicAuthUserInfo(config.basicAuthUserInfo())
          .connectTimeout(config.connectTimeout())
          .requestTimeout(config.readTimeout())
          .cacheCapacity(config.cacheCapacity())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Invalid schema registry settings for " + serdeName + ": " + e.getMessage());
    }
  }
}
