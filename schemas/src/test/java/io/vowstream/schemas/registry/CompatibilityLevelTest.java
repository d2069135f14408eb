package io.vowstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityLevelTest {
  @ParameterizedTest
  @CsvSource({
    "NONE, false, false, false",
    "BACKWARD, true, false, false",
    "BACKWARD_TRANSITIVE, true, false, true",
    "FORWARD, false, true, false",
    "FORWARD_TRANSITIVE, false, true, true",
    "FULL, true, true, false",
    "FULL_TRANSITIVE, true, true, true"
  })
  void eachLevelChecksItsDirections(CompatibilityLevel level, boolean backward, boolean forward, boolean transitive) {
    assertThat(level.checksBackward()).isEqualTo(backward);
    assertThat(level.checksForward()).isEqualTo(forward);
    assertThat(level.transitive()).isEqualTo(transitive);
  }

  @Test
  void parsesRegistrySpellingsCaseInsensitively() {
    assertThat(CompatibilityLevel.parse("backward")).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(CompatibilityLevel.parse(" FULL_TRANSITIVE ")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'SIDEWAYS'")
        .hasMessageContaining("BACKWARD");
  }
}
