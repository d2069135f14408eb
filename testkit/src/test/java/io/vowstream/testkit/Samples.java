package io.vowstream.testkit;

import io.vowstream.schemas.Assignment;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.JournalEntry;
import io.vowstream.schemas.OutboxAssignment;
import io.vowstream.schemas.OutboxMessage;
import io.vowstream.schemas.OutboxSpawn;
import io.vowstream.schemas.Rejection;
import io.vowstream.schemas.Result;
import io.vowstream.schemas.ResultError;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in value of every top-level schema, every optional field set. */
final class Samples {
  private Samples() {}

  static List<SpecificRecord> all(long seed) {
    Random r = new Random(seed);
    DataItem item = dataItem(r);
    Assignment assignment = Assignment.newBuilder()
        .setId("assignment-" + r.nextInt(1000)).setProcessId("process-1").setEpoch(0).setNonce(r.nextInt(100))
        .setHashChain("cs1uhCLEB_ttCYaQ8RMLfe1-wvf14dML2dUh8BU2N5M").setBlockHeight(1_440_000L).setTimestamp(1_700_000_000_000L)
        .setMessageId("message-1").setVariant("ao.TN.1").setItem(dataItem(r)).build();
    ScheduledItem scheduled = ScheduledItem.newBuilder().setAssignment(assignment).setItem(item).build();
    Result result = Result.newBuilder()
        .setProcessId("process-1").setNonce(7).setMessageId("message-1").setAssignmentId("assignment-1")
        .setOutput("{\"ok\":true}")
        .setError(ResultError.newBuilder().setCode("E_DEMO").setMessage("demo error").build())
        .setMessages(List.of(OutboxMessage.newBuilder().setTarget("process-2").setAnchor("00000000000000000000000000000001")
            .setTags(List.of(tag("Action", "Credit"))).setData(bytes(r, 16)).build()))
        .setSpawns(List.of(OutboxSpawn.newBuilder().setTags(List.of(tag("Module", "counter@1"))).setData(bytes(r, 4)).build()))
        .setAssignments(List.of(OutboxAssignment.newBuilder().setMessageId("message-1").setProcesses(List.of("p3", "p4")).build()))
        .setJournal(List.of(JournalEntry.newBuilder().setFlowId("flow-1").setIndex(0).setKind("checkCall").setPayload(bytes(r, 8)).build()))
        .build();
    Rejection rejection = Rejection.newBuilder()
        .setUnit("mu").setReasonCode("BAD_SIGNATURE").setMessage("signature does not verify").setInput(bytes(r, 32))
        .setSourceTopic("vowstream.ingress").setSourcePartition(0).setSourceOffset(42L).setItemId("item-1")
        .setTimestamp(1_700_000_000_123L).build();
    return List.of(tag("Data-Protocol", "ao"), item, assignment, scheduled, result, rejection);
  }

  static DataItem dataItem(Random r) {
    return DataItem.newBuilder()
        .setSignatureType(2).setSignature(bytes(r, 64)).setOwner(bytes(r, 32))
        .setTarget(bytes(r, 32)).setAnchor(bytes(r, 32))
        .setTags(List.of(tag("Data-Protocol", "ao"), tag("Type", "Message"), tag("Action", "Increment")))
        .setData(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).build();
  }

  static Tag tag(String name, String value) {
    return Tag.newBuilder().setName(name).setValue(value).build();
  }

  private static ByteBuffer bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return ByteBuffer.wrap(b);
  }
}
