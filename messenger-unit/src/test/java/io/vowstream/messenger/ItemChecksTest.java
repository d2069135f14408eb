package io.vowstream.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.Ans104;
import io.vowstream.dataitem.DataItems;
import io.vowstream.schemas.DataItem;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The binary entry point ({@code POST /}) shares the rules; these are its own first steps. */
class ItemChecksTest {
  final Fixtures f = new Fixtures();
  final ItemChecks checks = new ItemChecks(f.directory, 4096, Duration.ZERO);

  @Test
  void aWellFormedBinaryItemIsAcceptedWithItsId() {
    DataItem p = f.process(Fixtures.USER);
    DataItem m = f.message(Fixtures.USER, DataItems.id(p));

    assertThat(checks.checkBinary(Ans104.encode(m))).isInstanceOfSatisfying(ItemChecks.Accepted.class, ok -> {
      assertThat(ok.id()).isEqualTo(DataItems.id(m));
      assertThat(ok.processId()).isEqualTo(DataItems.id(p));
      assertThat(ok.isProcess()).isFalse();
    });
    assertThat(checks.checkBinary(Ans104.encode(p))).isInstanceOfSatisfying(ItemChecks.Accepted.class,
        ok -> assertThat(ok.processId()).isEqualTo(DataItems.id(p)));
  }

  @Test
  void brokenBytesAreMalformedAndLargeBodiesTooLarge() {
    DataItem m = f.message(Fixtures.USER, DataItems.id(f.process(Fixtures.USER)));
    byte[] bytes = Ans104.encode(m);

    assertThat(checks.checkBinary(Arrays.copyOf(bytes, 70))).isInstanceOfSatisfying(ItemChecks.Refused.class,
        bad -> assertThat(bad.reason()).isEqualTo(RejectionReason.MALFORMED_ITEM));
    assertThat(checks.checkBinary(new byte[5000])).isInstanceOfSatisfying(ItemChecks.Refused.class, bad -> {
      assertThat(bad.reason()).isEqualTo(RejectionReason.ITEM_TOO_LARGE);
      assertThat(bad.message()).contains("5000", "4096");
    });
    bytes[bytes.length - 1] ^= 1; // the data changed after signing
    assertThat(checks.checkBinary(bytes)).isInstanceOfSatisfying(ItemChecks.Refused.class, bad -> {
      assertThat(bad.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE);
      assertThat(bad.itemId()).isEqualTo(DataItems.id(m));
    });
  }

  @Test
  void httpStatusesFollowTheReason() {
    assertThat(HttpIngress.status(RejectionReason.ITEM_TOO_LARGE)).isEqualTo(413);
    assertThat(HttpIngress.status(RejectionReason.FORGED_FROM_PROCESS)).isEqualTo(403);
    assertThat(HttpIngress.status(RejectionReason.UNKNOWN_PROCESS)).isEqualTo(404);
    assertThat(HttpIngress.status(RejectionReason.BAD_SIGNATURE)).isEqualTo(400);
  }
}
