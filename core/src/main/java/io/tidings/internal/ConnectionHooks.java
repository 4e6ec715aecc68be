package io.tidings.internal;

import io.tidings.ConnectionException;
import io.tidings.CredentialsProvider;
import io.tidings.CredentialsRequest;
import io.tidings.RequestCustomizer;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Cursor;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What core applies to every connection attempt of every transport before the transport sees it:
 * the {@link CredentialsProvider}'s headers and the {@link RequestCustomizer}'s changes. Immutable
 * and thread-safe; {@link #prepare} blocks while the provider works, so core calls it off the timer
 * thread.
 */
final class ConnectionHooks {
  private final SubscriptionConfig config;
  private final CredentialsProvider credentials;
  private final RequestCustomizer customizer;
  private volatile CompletableFuture<?> inFlight;

  ConnectionHooks(SubscriptionConfig config) {
    this.config = config;
    this.credentials = config.credentials().orElse(null);
    this.customizer = config.requestCustomizer().orElse(null);
  }

  /** True when attempts are shaped at all; false leaves the transport's context as it is. */
  boolean isActive() {
    return credentials != null || customizer != null;
  }

  /** True when {@link #prepare} may block (a credentials provider is set). */
  boolean mayBlock() {
    return credentials != null;
  }

  /**
   * The context of one attempt: the transport's own when no hook is set, else one carrying the
   * attempt's headers and request changes.
   *
   * @throws TidingsException a {@link ConnectionException} when the provider or customizer failed
   *     or the provider timed out, with their error as the cause
   */
  AttemptContext prepare(LaneContext base, Cursor cursor, int attempt, boolean refresh) {
    if (!isActive()) {
      return base.forAttempt(attempt, base.headers());
    }
    AttemptRequest request = new AttemptRequest();
    String last = cursor.lastEventId().orElse(null);
    Set<String> credentialNames = new HashSet<>();
    if (credentials != null) {
      Map<String, String> headers = credentialHeaders(base, attempt, refresh, last);
      headers.forEach(request::setHeader);
      headers.keySet().forEach(name -> credentialNames.add(name.toLowerCase(Locale.ROOT)));
    }
    RefusalHint.Source source =
        credentials != null ? RefusalHint.Source.PROVIDER : RefusalHint.Source.CONFIGURED;
    if (customizer != null) {
      String before = request.headerSet("Authorization");
      try {
        customizer.customize(new Info(base.transportName(), attempt, last), request);
      } catch (RuntimeException e) {
        throw new ConnectionException(
            "The request customizer failed for attempt " + attempt + ": " + e, e);
      }
      String after = request.headerSet("Authorization");
      if (after != null && !after.equals(before)) {
        source = RefusalHint.Source.CUSTOMIZER;
      }
    }
    request.credentialsSource(source);
    // What a provider returns is a secret whatever its name; a customizer's headers are secrets by
    // name (Authorization, Cookie, tidings.redact).
    request.freeze(
        name -> credentialNames.contains(name.toLowerCase(Locale.ROOT)) || config.isRedacted(name));
    return new AttemptContext(base, attempt, request.applyTo(base.headers()), request);
  }

  private Map<String, String> credentialHeaders(
      LaneContext base, int attempt, boolean refresh, String last) {
    Duration timeout = config.credentialsTimeout();
    CredentialsRequest ask =
        new CredentialsRequest(config.name(), base.transportName(), attempt, refresh, last);
    CompletableFuture<Map<String, String>> future;
    try {
      future = credentials.credentials(ask).toCompletableFuture();
    } catch (RuntimeException e) {
      throw failed("threw " + e, e);
    }
    inFlight = future;
    try {
      Map<String, String> headers = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (headers == null) {
        throw failed("returned null instead of a map of headers", null);
      }
      return headers;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw failed(
          "did not answer within " + timeout.toMillis() + " ms (tidings.credentials.timeout)", e);
    } catch (ExecutionException e) {
      throw failed("failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("was interrupted", e);
    } catch (java.util.concurrent.CancellationException e) {
      throw failed("was cancelled: the subscription is closing", e);
    } finally {
      inFlight = null;
    }
  }

  /** Stops waiting for the provider: the subscription is closing. */
  void cancel() {
    CompletableFuture<?> f = inFlight;
    if (f != null) {
      f.cancel(true);
    }
  }

  private static ConnectionException failed(String what, Throwable cause) {
    return new ConnectionException(
        "The credentials provider " + what + "; the attempt is retried with backoff", cause);
  }

  private static final class Info implements RequestCustomizer.AttemptInfo {
    private final String transport;
    private final int attempt;
    private final String lastEventId;

    Info(String transport, int attempt, String lastEventId) {
      this.transport = transport;
      this.attempt = attempt;
      this.lastEventId = lastEventId;
    }

    @Override
    public String transport() {
      return transport;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public String lastEventId() {
      return lastEventId;
    }
  }
}
