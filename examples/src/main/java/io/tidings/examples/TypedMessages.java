package io.tidings.examples;

import io.tidings.Subscription;
import io.tidings.SubscriptionConfig;
import io.tidings.Tidings;
import io.tidings.testkit.ReferenceServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Decodes each message's JSON data into a record with {@code Message.as(Class)} (Jackson, with
 * Tidings' shared mapper; a client built with {@code Tidings.builder().objectMapper(...)} supplies
 * another).
 */
public final class TypedMessages {
  /** The data of a price message: {@code {"symbol":"ACME","price":12.5}}. */
  public record Price(String symbol, double price) {}

  private static final List<Price> PRICES =
      List.of(new Price("ACME", 12.5), new Price("INITECH", 3.75), new Price("ACME", 12.75));

  private TypedMessages() {}

  /** Publishes three prices and prints them as records; fails when they do not come back equal. */
  public static void main(String[] args) throws Exception {
    try (ReferenceServer server = ReferenceServer.start()) {
      PRICES.forEach(price -> server.publish("price", price)); // Jackson writes the record

      List<Price> received = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> done = new CompletableFuture<>();
      SubscriptionConfig config = SubscriptionConfig.builder().url(server.url()).build();
      try (Subscription sub =
          Tidings.subscribe(
              config,
              message -> {
                Price price = message.as(Price.class); // DecodeException if it does not fit
                System.out.printf("%s %s: %s%n", message.type(), message.id(), price);
                received.add(price);
                if (received.size() == PRICES.size()) {
                  done.complete(null);
                }
              })) {
        done.get(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS);
      }
      if (!received.equals(PRICES)) {
        throw new AssertionError("Expected " + PRICES + " but received " + received);
      }
    }
  }
}
