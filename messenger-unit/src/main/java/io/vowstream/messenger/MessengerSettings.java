package io.vowstream.messenger;

import io.vowstream.dataitem.Signer;
import java.time.Clock;
import java.time.Duration;

/** What the MU's processors need besides their state: topics, codec, key, clock and limits. */
record MessengerSettings(
    String ingressTopic,
    String scheduleTopic,
    String resultsTopic,
    String rejectedTopic,
    String crankStateTopic,
    MessengerCodec codec,
    Signer signer,
    Clock clock,
    Duration directoryWait) {}
