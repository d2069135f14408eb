package io.vowstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vowstream.testkit.TestKafka;
import io.vowstream.testkit.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandIT {

  @Test
  void againstAConfiguredClusterItStartsNoBrokerAndCreatesTheTopics(@TempDir Path keyDir) throws Exception {
    String prefix = TestKafka.uniqueTopic("run");
    var out = new SyncOutput();
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"run",
        "--set", "vowstream.kafka.bootstrap.servers=" + TestKafka.bootstrapServers(),
        "--set", "vowstream.schema.registry.url=" + TestRegistry.url(),
        "--set", "vowstream.topic.ingress=" + prefix + ".ingress",
        "--set", "vowstream.topic.schedule=" + prefix + ".schedule",
        "--set", "vowstream.topic.assignments=" + prefix + ".assignments",
        "--set", "vowstream.topic.results=" + prefix + ".results",
        "--set", "vowstream.topic.rejected=" + prefix + ".rejected",
        "--set", "vowstream.key.file=" + keyDir.resolve("k.json"),
        "--set", "vowstream.su.state.topic=" + prefix + ".su-state",
        "--set", "vowstream.su.group.id=" + prefix + "-su",
        "--set", "vowstream.su.transactional.id=" + prefix + "-su",
        "--set", "vowstream.su.http.port=0",
        "--set", "vowstream.cu.state.topic=" + prefix + ".cu-state",
        "--set", "vowstream.cu.group.id=" + prefix + "-cu",
        "--set", "vowstream.cu.transactional.id=" + prefix + "-cu",
        "--set", "vowstream.cu.http.port=0",
        "--set", "vowstream.mu.ingress.state.topic=" + prefix + ".mu-ingress-state",
        "--set", "vowstream.mu.crank.state.topic=" + prefix + ".mu-crank-state",
        "--set", "vowstream.mu.ingress.group.id=" + prefix + "-mu-ingress",
        "--set", "vowstream.mu.crank.group.id=" + prefix + "-mu-crank",
        "--set", "vowstream.mu.ingress.transactional.id=" + prefix + "-mu-ingress",
        "--set", "vowstream.mu.crank.transactional.id=" + prefix + "-mu-crank",
        "--set", "vowstream.mu.http.port=0"}, out.stream(), out.stream(), stop));

    out.awaitContains("Ready.", rc);
    assertThat(out.text()).contains("[1/7] Kafka broker ... using " + TestKafka.bootstrapServers())
        .contains("created " + prefix + ".")
        .contains("Scheduler unit (SU) ... scheduling " + prefix + ".schedule -> " + prefix + ".assignments");
    try (Admin admin = TestKafka.admin()) {
      Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(names).contains(prefix + ".ingress", prefix + ".schedule", prefix + ".assignments",
          prefix + ".results", prefix + ".rejected");
    }
    stop.countDown();
    assertThat(rc.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void withNothingConfiguredItRunsAnEmbeddedBrokerAndRegistryAndStopsThem(@TempDir Path dataDir) throws Exception {
    var out = new SyncOutput();
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"run",
        "--set", "vowstream.data.dir=" + dataDir,
        "--set", "vowstream.embedded.kafka.port=0",
        "--set", "vowstream.embedded.registry.port=0",
        "--set", "vowstream.su.http.port=0",
        "--set", "vowstream.cu.http.port=0",
        "--set", "vowstream.mu.http.port=0"}, out.stream(), out.stream(), stop));

    out.awaitContains("Ready.", rc);
    String text = out.text();
    Matcher broker = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+) \\(pid (\\d+)").matcher(text);
    Matcher registry = Pattern.compile("Confluent API at (http://127\\.0\\.0\\.1:\\d+)").matcher(text);
    assertThat(broker.find()).as(text).isTrue();
    assertThat(registry.find()).as(text).isTrue();
    long pid = Long.parseLong(broker.group(2));
    assertThat(dataDir.resolve("kafka").resolve("broker.log")).exists();
    assertThat(text).contains("ED25519 key created in " + dataDir.resolve("unit-key.json"));
    assertThat(dataDir.resolve("unit-key.json")).exists();

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.group(1)))) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .contains("vowstream.ingress", "vowstream.schedule", "vowstream.assignments", "vowstream.results", "vowstream.rejected");
    }
    HttpResponse<String> types = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(registry.group(1) + "/schemas/types")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(types.body()).contains("AVRO");
    Matcher su = Pattern.compile("Scheduler unit \\(SU\\) \\.\\.\\. scheduling vowstream.schedule -> vowstream.assignments, HTTP (http://\\S+)").matcher(text);
    assertThat(su.find()).as(text).isTrue();
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(su.group(1) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    stop.countDown();
    assertThat(rc.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(out.text()).contains("Stopped.");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("broker pid " + pid + " stopped").isFalse();
  }

  /** Output shared between the command's thread and the test. */
  static final class SyncOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    PrintStream stream() {
      return stream;
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    void awaitContains(String s, CompletableFuture<Integer> rc) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!text().contains(s)) {
        if (rc.isDone()) {
          throw new AssertionError("the command ended (" + rc.join() + ") before printing '" + s + "':\n" + text());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no '" + s + "' within 180 s:\n" + text());
        }
        Thread.sleep(50);
      }
    }
  }
}
