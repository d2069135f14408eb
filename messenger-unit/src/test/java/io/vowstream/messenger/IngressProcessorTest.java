package io.vowstream.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.stream.OutputRecord;
import io.vowstream.runtime.stream.testing.StageTestDriver;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ingress stage's logic without a broker: what goes to the schedule, what is rejected and why. */
class IngressProcessorTest {
  final Fixtures f = new Fixtures();
  final StageTestDriver driver = f.ingressDriver(64 * 1024);

  @Test
  void validItemsGoToTheScheduleKeyedByTheirProcess() {
    DataItem p = f.process(Fixtures.USER);
    String pid = DataItems.id(p);
    DataItem m = f.message(Fixtures.USER, pid);
    f.sendIngress(driver, p);
    f.sendIngress(driver, m);

    List<OutputRecord> out = driver.commit();

    assertThat(f.rejections(out)).isEmpty();
    assertThat(Fixtures.ids(f.items(out))).containsExactly(pid, DataItems.id(m));
    assertThat(f.keys(out, Fixtures.SCHEDULE)).containsExactly(pid, pid);
    assertThat(f.meters.get("vowstream.mu.accepted").tag("path", "kafka").counter().count()).isEqualTo(2.0);
  }

  @Test
  void itemsOfOneProcessKeepTheirIngressOrder() {
    DataItem p = f.process(Fixtures.USER);
    String pid = DataItems.id(p);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      DataItem m = f.message(Fixtures.USER, pid);
      sent.add(DataItems.id(m));
      f.sendIngress(driver, m);
      if (i % 7 == 0) {
        driver.commit(); // order must hold across transaction boundaries too
      }
    }
    driver.commit();
    assertThat(Fixtures.ids(f.items(driver.output(Fixtures.SCHEDULE)))).containsExactlyElementsOf(sent);
  }

  @Test
  void everyBadInputIsRejectedWithItsReason() {
    DataItem target = f.knownProcess(); // its Authority is empty: nobody may speak for another process
    String pid = DataItems.id(target);
    String unknownPid = Base64Url.encode(Fixtures.seed(42));
    List<Case> cases = new ArrayList<>();

    cases.add(new Case(RejectionReason.UNDECODABLE_RECORD, null, null));
    cases.add(new Case(RejectionReason.UNDECODABLE_RECORD, new byte[] {0, 0, 0, 0, 0, 9}, null));
    DataItem longAnchor = f.message(Fixtures.USER, pid);
    longAnchor.setAnchor(ByteBuffer.wrap(new byte[40]));
    cases.add(new Case(RejectionReason.MALFORMED_ITEM, f.value(Fixtures.INGRESS, longAnchor), longAnchor));
    DataItem tampered = f.message(Fixtures.USER, pid);
    tampered.setData(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    cases.add(new Case(RejectionReason.BAD_SIGNATURE, f.value(Fixtures.INGRESS, tampered), tampered));
    DataItem wrongType = f.message(Fixtures.USER, pid);
    wrongType.setSignatureType(9);
    cases.add(new Case(RejectionReason.BAD_SIGNATURE, f.value(Fixtures.INGRESS, wrongType), wrongType));
    DataItem large = DataItems.sign(Fixtures.USER, Base64Url.decode(pid), null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message")), new byte[70 * 1024]);
    cases.add(new Case(RejectionReason.ITEM_TOO_LARGE, f.value(Fixtures.INGRESS, large), large));
    DataItem noType = DataItems.sign(Fixtures.USER, Base64Url.decode(pid), null,
        List.of(new Tag("Data-Protocol", "ao")), new byte[0]);
    cases.add(new Case(RejectionReason.MISSING_TAG, f.value(Fixtures.INGRESS, noType), noType));
    DataItem noModule = DataItems.sign(Fixtures.USER, null, null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"), new Tag("Scheduler", "s")), new byte[0]);
    cases.add(new Case(RejectionReason.MISSING_TAG, f.value(Fixtures.INGRESS, noModule), noModule));
    DataItem noScheduler = DataItems.sign(Fixtures.USER, null, null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Process"), new Tag("Module", "m")), new byte[0]);
    cases.add(new Case(RejectionReason.MISSING_TAG, f.value(Fixtures.INGRESS, noScheduler), noScheduler));
    DataItem otherProtocol = DataItems.sign(Fixtures.USER, Base64Url.decode(pid), null,
        List.of(new Tag("Data-Protocol", "xyz"), new Tag("Type", "Message")), new byte[0]);
    cases.add(new Case(RejectionReason.UNSUPPORTED_TYPE, f.value(Fixtures.INGRESS, otherProtocol), otherProtocol));
    DataItem assignment = DataItems.sign(Fixtures.USER, Base64Url.decode(pid), null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Assignment")), new byte[0]);
    cases.add(new Case(RejectionReason.UNSUPPORTED_TYPE, f.value(Fixtures.INGRESS, assignment), assignment));
    DataItem noTarget = DataItems.sign(Fixtures.USER, null, null,
        List.of(new Tag("Data-Protocol", "ao"), new Tag("Type", "Message")), new byte[0]);
    cases.add(new Case(RejectionReason.MISSING_TARGET, f.value(Fixtures.INGRESS, noTarget), noTarget));
    DataItem forged = f.message(Fixtures.OTHER, pid, new Tag("From-Process", pid));
    cases.add(new Case(RejectionReason.FORGED_FROM_PROCESS, f.value(Fixtures.INGRESS, forged), forged));
    DataItem toUnknown = f.message(Fixtures.USER, unknownPid, new Tag("From-Process", pid));
    cases.add(new Case(RejectionReason.UNKNOWN_PROCESS, f.value(Fixtures.INGRESS, toUnknown), toUnknown));

    for (Case c : cases) {
      driver.send(0, f.key(Fixtures.INGRESS, pid), c.value());
    }
    List<OutputRecord> out = driver.commit();

    assertThat(f.items(out)).isEmpty();
    List<Rejection> rs = f.rejections(out);
    assertThat(rs).extracting(Rejection::getReasonCode)
        .containsExactlyElementsOf(cases.stream().map(c -> c.reason().name()).toList());
    assertThat(rs.stream().map(Rejection::getReasonCode).distinct().count())
        .as("every reason an ingress item can get (all but the crank's two)").isEqualTo(RejectionReason.values().length - 2);
    for (int i = 0; i < cases.size(); i++) {
      Rejection r = rs.get(i);
      Case c = cases.get(i);
      assertThat(r.getUnit()).isEqualTo("mu");
      assertThat(r.getMessage()).isNotBlank();
      assertThat(r.getSourceTopic()).isEqualTo(Fixtures.INGRESS);
      assertThat(r.getSourceOffset()).isEqualTo((long) i);
      assertThat(r.getItemId()).isEqualTo(c.item() == null ? null : DataItems.id(c.item()));
      assertThat(r.getInput().array()).isEqualTo(c.value() == null ? new byte[0] : c.value());
    }
    assertThat(f.meters.get("vowstream.mu.rejected").tag("reason", "FORGED_FROM_PROCESS").counter().count())
        .isEqualTo(1.0);
  }

  private record Case(RejectionReason reason, byte[] value, DataItem item) {}

  @Test
  void fromProcessIsAcceptedWhenTheSignerIsInTheTargetsAuthority() {
    String other = Fixtures.OTHER.address();
    DataItem target = f.knownProcess(new Tag("Authority", "someone-else," + other));
    String pid = DataItems.id(target);
    DataItem trusted = f.message(Fixtures.OTHER, pid, new Tag("From-Process", Base64Url.encode(Fixtures.seed(3))));
    DataItem untrusted = f.message(Fixtures.USER, pid, new Tag("From-Process", Base64Url.encode(Fixtures.seed(3))));
    f.sendIngress(driver, trusted);
    f.sendIngress(driver, untrusted);

    List<OutputRecord> out = driver.commit();

    assertThat(Fixtures.ids(f.items(out))).containsExactly(DataItems.id(trusted));
    assertThat(f.rejections(out)).extracting(Rejection::getReasonCode).containsExactly("FORGED_FROM_PROCESS");
  }

  @Test
  void aSpawnOnBehalfOfAProcessNeedsTheParentsTrust() {
    DataItem parent = f.knownProcess(new Tag("Authority", Fixtures.OTHER.address()));
    String ppid = DataItems.id(parent);
    DataItem byTrusted = f.process(Fixtures.OTHER, new Tag("From-Process", ppid));
    DataItem byStranger = f.process(Fixtures.USER, new Tag("From-Process", ppid));
    f.sendIngress(driver, byTrusted);
    f.sendIngress(driver, byStranger);

    List<OutputRecord> out = driver.commit();

    assertThat(Fixtures.ids(f.items(out))).containsExactly(DataItems.id(byTrusted));
    assertThat(f.rejections(out)).extracting(Rejection::getReasonCode).containsExactly("FORGED_FROM_PROCESS");
  }

  @Test
  void aTargetTheDirectoryLearnsDuringTheWaitIsAccepted() throws Exception {
    Fixtures waiting = new Fixtures(1, Duration.ofMinutes(2));
    StageTestDriver d = waiting.ingressDriver(64 * 1024);
    DataItem target = waiting.process(Fixtures.USER, new Tag("Authority", Fixtures.OTHER.address()));
    String pid = DataItems.id(target);
    DataItem m = waiting.message(Fixtures.OTHER, pid, new Tag("From-Process", pid));
    waiting.sendIngress(d, m);
    Thread late = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      waiting.directory.add(ProcessInfo.of(target));
    });
    late.start();

    List<OutputRecord> out = d.commit();
    late.join();

    assertThat(Fixtures.ids(waiting.items(out))).containsExactly(DataItems.id(m));
  }
}
