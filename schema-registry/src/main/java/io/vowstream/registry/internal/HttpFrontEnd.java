package io.vowstream.registry.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * Serves a {@link RegistryApi} over HTTP/1.1 with Reactor Netty (NIO transport).
 *
 * <p>Handlers may block (catching up with the log, waiting for a command's outcome), so they run
 * on a small pool of their own rather than on the event loop. The loop threads and the pool
 * belong to this front end alone and are released by {@link #close()}, together with the port.
 */
public final class HttpFrontEnd implements AutoCloseable {

  private final LoopResources loops;
  private final ExecutorService workers;
  private final Scheduler scheduler;
  private final DisposableServer server;

  private HttpFrontEnd(LoopResources loops, ExecutorService workers, Scheduler scheduler,
      DisposableServer server) {
    this.loops = loops;
    this.workers = workers;
    this.scheduler = scheduler;
    this.server = server;
  }

  /**
   * Binds {@code host:port} (0 for any free port) and starts serving.
   *
   * @throws IllegalStateException naming the address when it cannot be bound
   */
  public static HttpFrontEnd start(RegistryApi api, String host, int port, int workerThreads) {
    LoopResources loops = LoopResources.create("vowstream-registry-http", 1, 2, true);
    ExecutorService workers = Executors.newFixedThreadPool(workerThreads,
        daemonThreads("vowstream-registry-request-"));
    Scheduler scheduler = Schedulers.fromExecutorService(workers, "vowstream-registry-requests");
    try {
      DisposableServer server = HttpServer.create()
          .runOn(loops)
          .host(host)
          .port(port)
          .handle((request, response) -> request.receive().aggregate().asByteArray()
              .defaultIfEmpty(new byte[0])
              .publishOn(scheduler)
              .map(body -> api.handle(request.method().name(), request.uri(), body))
              .flatMap(reply -> response.status(reply.status())
                  .header("Content-Type", RegistryApi.CONTENT_TYPE)
                  .sendByteArray(Mono.just(reply.body()))
                  .then()))
          .bindNow(Duration.ofSeconds(30));
      return new HttpFrontEnd(loops, workers, scheduler, server);
    } catch (RuntimeException e) {
      scheduler.dispose();
      workers.shutdownNow();
      loops.dispose();
      throw new IllegalStateException("Cannot serve the schema registry on " + host + ":" + port
          + ": " + e.getMessage(), e);
    }
  }

  /** The bound port (the chosen one when 0 was asked for). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(10));
    scheduler.dispose();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
