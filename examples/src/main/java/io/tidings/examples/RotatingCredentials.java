package io.tidings.examples;

import io.tidings.CredentialsProvider;
import io.tidings.CredentialsRequest;
import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.SubscriptionListener;
import io.tidings.Tidings;
import io.tidings.TidingsException;
import io.tidings.testkit.ReferenceServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A token that expires while subscribed: the reference server accepts only the current token
 * ({@code Faults.requireToken}) and, twice, rotates it ({@code Faults.rotateToken}: the old one is
 * refused with 401 and every connection is cut). A {@link CredentialsProvider} hands out its cached
 * token on each connection attempt and fetches a new one from a "token service" when Tidings asks
 * with {@code refresh()} after a 401. Every message arrives once, in order, and the subscription
 * never ends. Token values are never printed (only their numbers), as Tidings never prints them.
 */
public final class RotatingCredentials {
  private static final int PER_TOKEN = 3;
  private static final int ROTATIONS = 2;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private RotatingCredentials() {}

  /** A stand-in for an OAuth token endpoint: issues numbered tokens, one valid at a time. */
  static final class TokenService {
    private final AtomicInteger number = new AtomicInteger(1);

    String current() {
      return "demo-token-" + number.get();
    }

    int currentNumber() {
      return number.get();
    }

    /** Issues the next token; the old one stops working. */
    String rotate() {
      return "demo-token-" + number.incrementAndGet();
    }
  }

  /** Caches a token; asks the service for a fresh one when Tidings says the cached one failed. */
  static final class CachingProvider implements CredentialsProvider {
    private final TokenService service;
    private final AtomicReference<String> cached = new AtomicReference<>();
    final AtomicInteger refreshes = new AtomicInteger();

    CachingProvider(TokenService service) {
      this.service = service;
    }

    @Override
    public CompletionStage<Map<String, String>> credentials(CredentialsRequest request) {
      // Asked before every connection attempt; may answer later (here: on another thread).
      return CompletableFuture.supplyAsync(
          () -> {
            String token = cached.get();
            if (token == null || request.refresh()) {
              token = service.current(); // a real provider would call its token endpoint here
              cached.set(token);
              if (request.refresh()) {
                refreshes.incrementAndGet();
              }
              System.out.printf(
                  "  credentials: attempt %d over %s, refresh=%s%s -> fetched token #%s%n",
                  request.attempt(),
                  request.transport(),
                  request.refresh(),
                  request.refresh() ? " (the server refused the cached token: 401)" : "",
                  number(token));
            } else {
              System.out.printf(
                  "  credentials: attempt %d over %s -> cached token #%s%n",
                  request.attempt(), request.transport(), number(token));
            }
            return Map.of("Authorization", "Bearer " + token);
          });
    }

    private static String number(String token) {
      return token.substring(token.lastIndexOf('-') + 1);
    }
  }

  /** Runs the example; throws when a message was lost or repeated or a refresh did not happen. */
  public static void main(String[] args) throws Exception {
    TokenService tokens = new TokenService();
    try (ReferenceServer server = ReferenceServer.start()) {
      server.faults().requireToken(tokens.current());
      CachingProvider provider = new CachingProvider(tokens);
      int total = PER_TOKEN * (ROTATIONS + 1);
      List<String> ids = new CopyOnWriteArrayList<>();
      CountDownLatch[] arrived = new CountDownLatch[ROTATIONS + 1];
      for (int i = 0; i < arrived.length; i++) {
        arrived[i] = new CountDownLatch(PER_TOKEN * (i + 1));
      }
      SubscriptionConfig config =
          SubscriptionConfig.builder().url(server.url()).credentials(provider).build();
      SubscriptionListener listener =
          new SubscriptionListener() {
            @Override
            public void onMessage(io.tidings.Message m) {
              System.out.printf("message %s %s%n", m.id(), m.data());
              ids.add(m.id());
              for (CountDownLatch l : arrived) {
                l.countDown();
              }
            }

            @Override
            public void onError(TidingsException error) {
              System.out.println("  error (Tidings refreshes and retries): " + error.getMessage());
            }
          };
      System.out.printf(
          "Subscribing to %s over %s with token #1%n", server.url(), config.transport());
      try (Subscription sub = Tidings.subscribe(config, listener)) {
        server.publish(PER_TOKEN);
        await(arrived[0], "the first messages");
        for (int r = 1; r <= ROTATIONS; r++) {
          String next = tokens.rotate();
          System.out.printf(
              "Server: token #%d expired; only token #%d is accepted now%n",
              tokens.currentNumber() - 1, tokens.currentNumber());
          server.faults().rotateToken(next);
          server.publish(PER_TOKEN);
          await(arrived[r], "the messages after rotation " + r);
        }
        System.out.printf(
            "Done: %d messages, %d refreshes, state %s, %s%n",
            ids.size(), provider.refreshes.get(), sub.state(), sub.stats());
        if (sub.state().isTerminal()) {
          throw new AssertionError("the subscription ended: " + sub.state());
        }
      }
      List<String> expected =
          java.util.stream.IntStream.rangeClosed(1, total).mapToObj(Integer::toString).toList();
      if (!ids.equals(expected)) {
        throw new AssertionError("Expected ids " + expected + " but got " + ids);
      }
      if (provider.refreshes.get() < ROTATIONS) {
        throw new AssertionError(
            "Expected at least " + ROTATIONS + " refreshes, got " + provider.refreshes.get());
      }
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(what + " did not arrive within " + WAIT);
    }
  }
}
