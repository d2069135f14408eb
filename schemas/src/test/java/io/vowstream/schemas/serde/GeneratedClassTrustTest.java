package io.vowstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import io.vowstream.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.apache.avro.util.ClassUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeneratedClassTrustTest {
  private ClassSecurityPredicate saved;

  @BeforeEach
  void save() {
    saved = ClassSecurityValidator.getGlobal();
  }

  @AfterEach
  void restore() {
    ClassSecurityValidator.setGlobal(saved);
  }

  @Test
  void theDeserializerTrustsTheGeneratedPackageWhenNothingElseDoes() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    byte[] bytes = new VowstreamAvroSerializer<DataItem>(registry).serialize("t", SampleRecords.dataItem());
    // What a JVM without org.apache.avro.SERIALIZABLE_PACKAGES has:
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);
    assertThatThrownBy(() -> ClassUtils.forName(getClass().getClassLoader(), Tag.class.getName()))
        .isInstanceOf(SecurityException.class);

    VowstreamAvroDeserializer<Object> deserializer = new VowstreamAvroDeserializer<>(registry);

    assertThat(deserializer.deserialize("t", bytes)).isEqualTo(SampleRecords.dataItem());
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(Tag.class)).isTrue();
  }

  @Test
  void onlyTheGeneratedPackageItselfIsAdded() {
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);
    GeneratedClassTrust.ensure();
    ClassSecurityPredicate now = ClassSecurityValidator.getGlobal();

    assertThat(now.isTrusted(DataItem.class)).isTrue();
    assertThat(now.isTrusted(String.class)).as("defaults kept").isTrue();
    assertThat(now.isTrusted(VowstreamSerdes.class)).as("sub-package").isFalse();
    assertThat(now.isTrusted(java.io.File.class)).isFalse();
  }

  @Test
  void anExistingValidatorIsExtendedNotReplacedAndNotWrappedTwice() {
    ClassSecurityPredicate custom = ClassSecurityValidator.builder().add(ArrayList.class).build();
    ClassSecurityValidator.setGlobal(custom);

    GeneratedClassTrust.ensure();
    ClassSecurityPredicate extended = ClassSecurityValidator.getGlobal();
    GeneratedClassTrust.ensure();

    assertThat(extended).isNotSameAs(custom);
    assertThat(extended.isTrusted(ArrayList.class)).isTrue();
    assertThat(extended.isTrusted(Tag.class)).isTrue();
    assertThat(ClassSecurityValidator.getGlobal()).isSameAs(extended);
  }

  @Test
  void aFreshJvmWithoutTheSystemPropertyRoundTripsGeneratedRecords() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                TrustCheckMain.class.getName())
            .redirectErrorStream(true)
            .start();
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
    } finally {
      process.destroyForcibly();
    }
    List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING")).toList();
    assertThat(lines).as(output).contains("untrusted-before-serde", "round-trip-ok io.vowstream.schemas.ScheduledItem");
    assertThat(process.exitValue()).as(output).isZero();
  }

}
