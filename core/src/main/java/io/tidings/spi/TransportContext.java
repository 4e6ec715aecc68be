package io.tidings.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.SubscriptionConfig;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What core gives a transport for one connection attempt: core builds a new one for every attempt
 * (off the timer thread), so what may change between attempts, such as {@link #headers()}, is read
 * from it, never kept by the transport. Thread-safe.
 */
public interface TransportContext {
  /** The subscription's configuration. */
  SubscriptionConfig config();

  /** The name of the transport being connected ({@link TransportProvider#name()}). */
  String transportName();

  /**
   * The URL as OkHttp understands it ({@code ws} and {@code wss} mapped to {@code http} and {@code
   * https}).
   */
  HttpUrl url();

  /**
   * The extra headers for this attempt's requests and upgrade: the configured ones, and whatever
   * core's connection hooks add for this attempt.
   */
  Headers headers();

  /** Which connection of this transport in this subscription this is, from 1. */
  default int attempt() {
    return 1;
  }

  /**
   * The time source of {@link #schedule}: monotonic nanoseconds. Measure elapsed times with it so
   * tests on virtual time see them. Default {@link System#nanoTime()}.
   */
  default long nanoTime() {
    return System.nanoTime();
  }

  /**
   * The shared OkHttp client: connect timeout from the configuration, read timeout equal to the
   * stall timeout, HTTP version as configured, a dispatcher that does not cap requests per host.
   * Derive with {@code newBuilder()} to change timeouts; the derived client shares the pool and
   * dispatcher. Never shut it down.
   */
  OkHttpClient httpClient();

  /**
   * {@link #httpClient()} changed by {@code change}, built once and reused by later connections
   * (and, where core can tell the settings are the same, by other subscriptions): an {@code
   * OkHttpClient} per connection costs time and heap when thousands of subscriptions open. {@code
   * key} names the change and is compared with {@code equals}: the same key must always mean the
   * same change (use a record of the values applied). {@code change} must not capture anything of
   * one connection. The default derives a new client on every call.
   *
   * @param key what {@code change} applies, not null
   * @param change applied to a builder of {@link #httpClient()}, not null
   */
  default OkHttpClient derivedClient(Object key, UnaryOperator<OkHttpClient.Builder> change) {
    return change.apply(httpClient().newBuilder()).build();
  }

  /**
   * Runs blocking work (a read loop, a synchronous call). Core tracks these tasks: closing the
   * subscription waits for them to end, so they must end promptly once the connection is closed.
   */
  Executor executor();

  /**
   * Runs {@code task} once after {@code delay}, on core's {@link Scheduler} (one shared timer
   * thread by default). The task must be quick and never block: hand blocking work to {@link
   * #executor()}.
   *
   * @return cancels the task if it has not run yet
   */
  Runnable schedule(Runnable task, Duration delay);

  /** The Jackson mapper for JSON bodies. */
  ObjectMapper objectMapper();

  /**
   * Redacts the subscription's secrets (secret header values, URL user info and query values) from
   * any text that may reach a log line or an exception message: use it on everything a server sent
   * that goes into a message (status reasons, close reasons, I/O error messages).
   */
  default Redactor redactor() {
    return Redactor.of(config());
  }

  /** The stall timeout in force (configured, raised by {@link TransportProvider#quietPeriod}). */
  Duration stallTimeout();
}
