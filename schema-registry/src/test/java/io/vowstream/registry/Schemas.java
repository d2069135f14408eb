package io.vowstream.registry;

/** Avro schemas used across the tests. */
final class Schemas {
  private Schemas() {}

  static final String USER_V1 =
      "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";

  /** V1 plus a field with a default: compatible both ways. */
  static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},"
      + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}]}";

  /** V1 plus a field without a default: forward but not backward compatible. */
  static final String USER_NO_DEFAULT = "{\"type\":\"record\",\"name\":\"User\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},"
      + "{\"name\":\"age\",\"type\":\"int\"}]}";

  /** V2 with email's type changed: incompatible with V2 in every direction. */
  static final String USER_EMAIL_INT = "{\"type\":\"record\",\"name\":\"User\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},"
      + "{\"name\":\"email\",\"type\":\"int\",\"default\":0}]}";

  static final String ORDER =
      "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":"
          + "[{\"name\":\"total\",\"type\":\"double\"}]}";

  /** The same schema as {@link #USER_V1}, spelled differently. */
  static final String USER_V1_SPACED =
      "{ \"name\" : \"User\",\n  \"type\" : \"record\",\n  \"fields\" : [ { \"type\" : \"long\","
          + " \"name\" : \"id\" } ] }";
}
