package io.vowstream.dataitem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashChainTest {
  static final String PID = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE";
  static final String A0 = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI";
  static final String A1 = "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM";
  static final String H0 = "cs1uhCLEB_ttCYaQ8RMLfe1-wvf14dML2dUh8BU2N5M";
  static final String H1 = "2S886r9o0sw8pru-nXvedHsMRi0-97MNtxuaSD_TVeI";
  static final String H2 = "8Dr-QPUHHT9bYcprjdJ6iSryVjsttFEcx9fgtYGshXg";

  @Test
  void specVectorOfSection5() {
    assertThat(HashChain.seed(PID)).isEqualTo(H0);
    assertThat(HashChain.next(A0, H0)).isEqualTo(H1);
    assertThat(HashChain.next(A1, H1)).isEqualTo(H2);
  }

  @Test
  void theVectorScheduleVerifies() {
    assertThat(HashChain.verify(PID, List.of(assignment(PID, 0, H0, A0), assignment(PID, 1, H1, A1)))).isEmpty();
  }

  @Test
  void inputsMustBe32Bytes() {
    assertThatThrownBy(() -> HashChain.seed("AQEB"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("process id 'AQEB' decodes to 3 bytes; 32 are required");
    assertThatThrownBy(() -> HashChain.next(A0, "not*base64"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("previous hash chain 'not*base64' is not base64url");
    assertThatThrownBy(() -> HashChain.next("AgIC", H0))
        .hasMessageContaining("previous assignment id 'AgIC' decodes to 3 bytes");
  }

  @Test
  void verifierNamesEveryBreak() {
    List<Assignment> tampered = new ArrayList<>(List.of(assignment(PID, 0, H0, A0), assignment(PID, 1, H2, A1)));
    assertThat(HashChain.verify(PID, tampered)).containsExactly("nonce 1: Hash-Chain " + H2 + ", expected " + H1);

    List<Assignment> gap = List.of(assignment(PID, 0, H0, A0), assignment(PID, 2, H1, A1));
    assertThat(HashChain.verify(PID, gap)).containsExactly("nonce 2 where 1 was expected");

    List<Assignment> notFromZero = List.of(assignment(PID, 1, H0, A0));
    assertThat(HashChain.verify(PID, notFromZero)).containsExactly("nonce 1 where 0 was expected");

    List<Assignment> otherProcess = List.of(assignment(A1, 0, H0, A0));
    assertThat(HashChain.verify(PID, otherProcess)).singleElement().asString()
        .contains("is for process " + A1);

    assertThat(HashChain.verify("shortid", List.of())).singleElement().asString().contains("the process id 'shortid'");
  }

  @Test
  void anEmptyScheduleVerifies() {
    assertThat(HashChain.verify(PID, List.of())).isEmpty();
  }

  static Assignment assignment(String pid, long nonce, String chain, String id) {
    DataItem dummy = DataItem.newBuilder().setSignatureType(2).setSignature(ByteBuffer.allocate(64))
        .setOwner(ByteBuffer.allocate(32)).setTags(List.of()).setData(ByteBuffer.allocate(0)).build();
    return Assignment.newBuilder().setId(id).setProcessId(pid).setNonce(nonce).setHashChain(chain)
        .setBlockHeight(0).setTimestamp(0).setVariant("ao.TN.1").setItem(dummy).build();
  }
}
