package io.vowstream.schemas.serde;

import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import org.apache.avro.util.ClassUtils;

/**
 * Run in a fresh JVM by {@link GeneratedClassTrustTest}, without {@code
 * org.apache.avro.SERIALIZABLE_PACKAGES}: proves Avro refuses the generated classes there and that
 * the serdes work anyway. Prints one line per step; exits non-zero on the first surprise.
 */
public final class TrustCheckMain {
  private TrustCheckMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") != null) {
      System.out.println("property-is-set");
      System.exit(2);
    }
    try {
      ClassUtils.forName(TrustCheckMain.class.getClassLoader(), "io.vowstream.schemas.Tag");
      System.out.println("trusted-without-serde");
      System.exit(3);
    } catch (SecurityException expected) {
      System.out.println("untrusted-before-serde");
    }
    // Serialize with the generated writer only after the deserializer exists, as a consumer would.
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    VowstreamAvroDeserializer<Object> deserializer = new VowstreamAvroDeserializer<>(registry);
    VowstreamAvroSerializer<Object> serializer = new VowstreamAvroSerializer<>(registry);
    ScheduledItem item = SampleRecords.scheduledItem();
    Object back = deserializer.deserialize("t", serializer.serialize("t", item));
    if (!item.equals(back)) {
      System.out.println("round-trip-differs: " + back);
      System.exit(4);
    }
    System.out.println("round-trip-ok " + back.getClass().getName());
  }
}
