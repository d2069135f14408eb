package io.vowstream.messenger;

import io.vowstream.runtime.http.HttpApiRequest;
import io.vowstream.runtime.http.HttpApiResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The MU's GET routes: trace and health. */
final class MessengerApi {
  private final TraceIndex trace;
  private final ProcessDirectory directory;
  private final String address;
  private final Clock clock;

  MessengerApi(TraceIndex trace, ProcessDirectory directory, String address, Clock clock) {
    this.trace = trace;
    this.directory = directory;
    this.address = address;
    this.clock = clock;
  }

  /** {@code GET /trace/{messageId}}: {@code {id, hops:[{hop, topic, partition, offset, timestamp, ...}]}}. */
  HttpApiResponse trace(HttpApiRequest req) {
    String id = req.pathParam("messageId");
    List<TraceIndex.Hop> hops = trace.trace(id);
    if (hops.isEmpty()) {
      throw new NoSuchElementException("no hop of message " + id + " has been seen by this MU (unknown id, not "
          + "committed yet, or older than the trace keeps)");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("hops", hops.stream().map(TraceIndex.Hop::toJson).toList());
    return HttpApiResponse.json(200, body);
  }

  HttpApiResponse health(HttpApiRequest req) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "UP");
    body.put("address", address);
    body.put("timestamp", clock.millis());
    body.put("processes", directory.size());
    body.put("traced", trace.size());
    return HttpApiResponse.json(200, body);
  }

  HttpApiResponse root(HttpApiRequest req) {
    return HttpApiResponse.text(200, "text/plain; charset=utf-8", "vowstream messenger unit\n");
  }
}
