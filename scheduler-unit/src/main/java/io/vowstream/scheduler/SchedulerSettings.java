package io.vowstream.scheduler;

import io.vowstream.dataitem.Signer;
import java.time.Clock;

/** What the schedule logic needs besides its state: topics, codec, key and the plugged sources. */
record SchedulerSettings(
    String scheduleTopic,
    String assignmentsTopic,
    String rejectedTopic,
    String stateTopic,
    ScheduleCodec codec,
    Signer signer,
    BlockHeightSource blockHeight,
    Clock clock,
    String variant,
    boolean verifySignatures,
    int maxItemBytes) {}
