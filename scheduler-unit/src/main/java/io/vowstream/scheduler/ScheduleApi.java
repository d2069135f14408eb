package io.vowstream.scheduler;

import io.vowstream.dataitem.Base64Url;
import io.vowstream.dataitem.DataItems;
import io.vowstream.runtime.http.HttpApiRequest;
import io.vowstream.runtime.http.HttpApiResponse;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.ScheduledItem;
import io.vowstream.schemas.Tag;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The SU's read API in ao's JSON shapes (nonce mode): a data item is {@code {id, owner:{address,
 * key}, tags, signature, anchor?, target?, data}}, a schedule entry is {@code {message, assignment}}
 * and a page is {@code {page_info:{has_next_page}, edges:[{node, cursor}]}} with the nonce as cursor.
 */
final class ScheduleApi {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final ScheduleIndex index;
  private final String suAddress;
  private final Clock clock;

  ScheduleApi(ScheduleIndex index, String suAddress, Clock clock) {
    this.index = index;
    this.suAddress = suAddress;
    this.clock = clock;
  }

  /** {@code GET /processes/{pid}/schedule?from=&to=&limit=}: {@code from} exclusive (-1 or absent includes nonce 0), {@code to} inclusive. */
  HttpApiResponse schedule(HttpApiRequest req) {
    String pid = req.pathParam("pid");
    long from = req.afterNonceParam("from");
    long to = req.longParam("to").orElse(Long.MAX_VALUE);
    long limit = req.limitParam(DEFAULT_LIMIT, MAX_LIMIT);
    NavigableMap<Long, ScheduleIndex.Entry> all = index.schedule(pid);
    if (all.isEmpty()) {
      throw new NoSuchElementException("process " + pid + " has no schedule on this SU");
    }
    NavigableMap<Long, ScheduleIndex.Entry> range = from >= to ? new java.util.TreeMap<>()
        : all.subMap(from, false, to, true);
    List<Map<String, Object>> edges = new ArrayList<>();
    for (var e : range.entrySet()) {
      if (edges.size() == limit) {
        break;
      }
      Map<String, Object> edge = new LinkedHashMap<>();
      edge.put("node", node(e.getValue().item()));
      edge.put("cursor", Long.toString(e.getKey()));
      edges.add(edge);
    }
    boolean hasNext = range.size() > edges.size();
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("page_info", Map.of("has_next_page", hasNext));
    page.put("edges", edges);
    return HttpApiResponse.json(200, page);
  }

  /** {@code GET /processes/{pid}}: the process item, with its assignment. */
  HttpApiResponse process(HttpApiRequest req) {
    String pid = req.pathParam("pid");
    ScheduledItem s = index.process(pid)
        .orElseThrow(() -> new NoSuchElementException("process " + pid + " is not scheduled on this SU"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("process_id", pid);
    body.put("block", String.format("%012d", s.getAssignment().getBlockHeight()));
    body.put("timestamp", s.getAssignment().getTimestamp());
    if (s.getItem() != null) {
      body.putAll(item(s.getItem()));
    }
    body.put("assignment", item(s.getAssignment().getItem()));
    return HttpApiResponse.json(200, body);
  }

  /** {@code GET /processes/{pid}/latest}: the entry with the highest nonce. */
  HttpApiResponse latest(HttpApiRequest req) {
    String pid = req.pathParam("pid");
    NavigableMap<Long, ScheduleIndex.Entry> all = index.schedule(pid);
    if (all.isEmpty()) {
      throw new NoSuchElementException("process " + pid + " has no schedule on this SU");
    }
    return HttpApiResponse.json(200, node(all.lastEntry().getValue().item()));
  }

  /** {@code GET /items/{id}}: the entry holding a message, process or assignment with this id. */
  HttpApiResponse item(HttpApiRequest req) {
    String id = req.pathParam("id");
    ScheduledItem s = index.item(id).orElseThrow(() -> new NoSuchElementException("no message or assignment " + id));
    return HttpApiResponse.json(200, node(s));
  }

  HttpApiResponse health(HttpApiRequest req) {
    return HttpApiResponse.json(200, Map.of("status", "UP", "address", suAddress,
        "timestamp", clock.millis(), "indexed", index.indexedCount()));
  }

  private static Map<String, Object> node(ScheduledItem s) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("message", s.getItem() == null ? null : item(s.getItem()));
    node.put("assignment", item(s.getAssignment().getItem()));
    return node;
  }

  static Map<String, Object> item(DataItem d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", DataItems.id(d));
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("address", ownerAddress(d));
    owner.put("key", b64(d.getOwner()));
    m.put("owner", owner);
    List<Map<String, String>> tags = new ArrayList<>();
    for (Tag t : d.getTags()) {
      Map<String, String> tag = new LinkedHashMap<>(); // {name, value} in this order, as ao writes it
      tag.put("name", t.getName());
      tag.put("value", t.getValue());
      tags.add(tag);
    }
    m.put("tags", tags);
    m.put("signature", b64(d.getSignature()));
    if (d.getAnchor() != null) {
      m.put("anchor", b64(d.getAnchor()));
    }
    if (d.getTarget() != null) {
      m.put("target", b64(d.getTarget()));
    }
    m.put("data", b64(d.getData()));
    return m;
  }

  private static @Nullable String ownerAddress(DataItem d) {
    try {
      return DataItems.ownerAddress(d);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String b64(ByteBuffer b) {
    ByteBuffer dup = b.duplicate();
    byte[] bytes = new byte[dup.remaining()];
    dup.get(bytes);
    return Base64Url.encode(bytes);
  }
}
