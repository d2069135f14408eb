package io.vowstream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.vowstream.dataitem.KeyFiles;
import io.vowstream.dataitem.SigningKey;
import io.vowstream.runtime.config.VowstreamConfig;
import io.vowstream.schemas.DataItem;
import io.vowstream.schemas.Tag;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code vowstream send} and {@code vowstream spawn}: sign an item with the user's key (created on
 * first use), submit it through the MU of a running pipeline and print its result.
 */
final class ClientCommands {
  static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);

  private final VowstreamConfig config;
  private final PrintStream out;
  private final PipelineClient client;
  private final SecureRandom random = new SecureRandom();

  ClientCommands(VowstreamConfig config, PrintStream out, PipelineClient client) {
    this.config = config;
    this.out = out;
    this.client = client;
  }

  /** Options shared by both commands. */
  private record Options(@Nullable String to, @Nullable String module, @Nullable String boot, List<Tag> tags,
      byte[] data, @Nullable Path key, boolean awaitResult) {}

  private static Options parse(List<String> args) {
    String to = null;
    String module = null;
    String boot = null;
    List<Tag> tags = new ArrayList<>();
    byte[] data = new byte[0];
    Path key = null;
    boolean wait = true;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--to" -> to = value(args, ++i, a);
        case "--module" -> module = value(args, ++i, a);
        case "--boot" -> boot = value(args, ++i, a);
        case "--tag" -> tags.add(Items.parseTag(value(args, ++i, a)));
        case "--data" -> data = value(args, ++i, a).getBytes(StandardCharsets.UTF_8);
        case "--key" -> key = Path.of(value(args, ++i, a));
        case "--no-wait" -> wait = false;
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    return new Options(to, module, boot, List.copyOf(tags), data, key, wait);
  }

  /** {@code send --to PID [--tag Name=Value]... [--data TEXT] [--key FILE] [--no-wait]}. */
  int send(List<String> args) {
    Options o = parse(args);
    if (o.to() == null) {
      throw new IllegalArgumentException("send needs --to <process id>");
    }
    SigningKey key = key(o);
    DataItem item = Items.message(key, o.to(), o.tags(), o.data(), random);
    String id = client.submit(item);
    out.println("sent message " + id + " to process " + o.to());
    if (o.awaitResult()) {
      print(client.awaitResult(id, o.to(), RESULT_TIMEOUT));
    }
    return 0;
  }

  /** {@code spawn --module NAME@VERSION [--boot INPUT] [--tag Name=Value]... [--key FILE] [--no-wait]}. */
  int spawn(List<String> args) {
    Options o = parse(args);
    if (o.module() == null) {
      throw new IllegalArgumentException("spawn needs --module <name@version>, e.g. counter@1");
    }
    SigningKey key = key(o);
    DataItem item = Items.process(key, o.module(), client.schedulerAddress(), o.boot(), o.tags(), random);
    String id = client.submit(item);
    out.println("spawned process " + id + " (" + o.module() + ")");
    if (o.awaitResult()) {
      print(client.awaitResult(id, id, RESULT_TIMEOUT));
    }
    return 0;
  }

  private SigningKey key(Options o) {
    Path file = o.key() != null ? o.key()
        : Path.of(config.require(VowstreamConfig.DATA_DIR)).resolve("user-key.json");
    boolean existed = Files.exists(file);
    SigningKey key = KeyFiles.loadOrCreate(file);
    if (!existed) {
      out.println("created your signing key " + file + " (address " + key.address() + ")");
    }
    return key;
  }

  private void print(JsonNode result) {
    out.println(ResultLines.describe(result));
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
