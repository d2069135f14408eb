package io.vowstream.runtime.config;

/** A configuration value is missing or invalid; the message names the key and where it came from. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
