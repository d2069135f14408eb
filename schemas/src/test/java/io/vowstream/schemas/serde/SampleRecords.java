package io.vowstream.schemas.serde;

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

/** One fully populated instance of every generated top-level record, for round trips. */
final class SampleRecords {
  private SampleRecords() {}

  static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static Tag tag() {
    return Tag.newBuilder().setName("Data-Protocol").setValue("ao").build();
  }

  static DataItem dataItem() {
    return DataItem.newBuilder()
        .setSignatureType(2)
        .setSignature(bytes("signature-bytes"))
        .setOwner(bytes("owner-key"))
        .setTarget(ByteBuffer.wrap(new byte[32]))
        .setAnchor(null)
        .setTags(List.of(tag(), new Tag("Type", "Message")))
        .setData(bytes("hello"))
        .build();
  }

  static Assignment assignment() {
    return Assignment.newBuilder()
        .setId("assignment-id")
        .setProcessId("process-id")
        .setNonce(7)
        .setHashChain("chain")
        .setBlockHeight(1234)
        .setTimestamp(1_700_000_000_000L)
        .setMessageId("message-id")
        .setVariant("ao.TN.1")
        .setItem(dataItem())
        .build();
  }

  static ScheduledItem scheduledItem() {
    return ScheduledItem.newBuilder().setAssignment(assignment()).setItem(dataItem()).build();
  }

  static Result result() {
    return Result.newBuilder()
        .setProcessId("process-id")
        .setNonce(7)
        .setMessageId("message-id")
        .setAssignmentId("assignment-id")
        .setOutput("printed")
        .setError(new ResultError("E_THROWN", "boom"))
        .setMessages(
            List.of(new OutboxMessage("target", null, List.of(new Tag("Action", "Ping")), bytes("m"))))
        .setSpawns(List.of(new OutboxSpawn(List.of(tag()), bytes("s"))))
        .setAssignments(List.of(new OutboxAssignment("message-id", List.of("p1", "p2"))))
        .setJournal(List.of(new JournalEntry("flow-1", 0L, "checkCall", bytes("payload"))))
        .build();
  }

  static Rejection rejection() {
    return Rejection.newBuilder()
        .setUnit("mu")
        .setReasonCode("BAD_SIGNATURE")
        .setMessage("signature does not verify")
        .setInput(bytes("raw"))
        .setSourceTopic("vowstream.ingress")
        .setSourcePartition(3)
        .setSourceOffset(42L)
        .setItemId(null)
        .setTimestamp(1_700_000_000_001L)
        .build();
  }
}
