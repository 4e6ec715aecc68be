package io.tidings.sse;

import io.tidings.FailureDecision;
import io.tidings.StallException;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.Capability;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Cursor;
import io.tidings.spi.TransportContext;
import io.tidings.spi.TransportProvider;
import io.tidings.sse.internal.SseConnection;
import io.tidings.sse.internal.WrongContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code sse} transport: one HTTP request per connection whose response is a {@code
 * text/event-stream}, parsed as the HTML specification says. Resumes with {@code Last-Event-ID};
 * reports {@code retry:} as a reconnect hint and comments as heartbeats. Over HTTP/2 many
 * subscriptions share one TCP connection.
 *
 * <p>Stateless and thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class SseTransportProvider implements TransportProvider {
  /** The transport's name in {@code tidings.transport}. */
  public static final String NAME = "sse";

  /** Request method when none is configured: {@value}. */
  public static final String DEFAULT_METHOD = "GET";

  /** Content type of {@link #BODY} when none is configured: {@value}. */
  public static final String DEFAULT_BODY_TYPE = "application/json";

  /**
   * {@code tidings.sse.method}: {@code GET}, or {@code POST} for streaming APIs that answer a POST
   * with {@code text/event-stream}; default {@link #DEFAULT_METHOD}.
   */
  public static final ConfigOption<String> METHOD =
      ConfigOption.choice(
          "sse.method",
          DEFAULT_METHOD,
          Map.of("get", "GET", "post", "POST"),
          "`GET`, or `POST` for streaming APIs that answer a POST with `text/event-stream` (LLM and"
              + " MCP streaming endpoints); `Last-Event-ID` is still sent on resume.");

  /** {@code tidings.sse.body}: the body of a {@code POST} (every attempt sends it again). */
  public static final ConfigOption<String> BODY =
      ConfigOption.text(
          "sse.body",
          null,
          "Body of the request when `sse.method=POST`, sent again on every reconnect.");

  /** {@code tidings.sse.body-type}; default {@link #DEFAULT_BODY_TYPE}. */
  public static final ConfigOption<String> BODY_TYPE =
      ConfigOption.text("sse.body-type", DEFAULT_BODY_TYPE, "Content type of `sse.body`.");

  private static final List<ConfigOption<?>> OPTIONS = List.of(METHOD, BODY, BODY_TYPE);

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public SseTransportProvider() {}

  /** Returns {@value #NAME}. */
  @Override
  public String name() {
    return NAME;
  }

  /** None: receive-only. */
  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  /**
   * Starts one event stream on {@link TransportContext#executor()} and returns at once.
   *
   * @param context what core provides, not null
   * @param cursor where to resume ({@code Last-Event-ID}), not null
   * @param listener where to report, not null
   */
  @Override
  public Connection connect(TransportContext context, Cursor cursor, ConnectionListener listener) {
    return SseConnection.open(
        Objects.requireNonNull(context, "context"),
        Objects.requireNonNull(cursor, "cursor"),
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * SSE is unavailable on this path ({@link FailureDecision#FALL_BACK}) when the answer is not
   * {@code text/event-stream}, or when a stream opened and then not a byte arrived before the stall
   * timeout ({@link StallException#silentSinceOpen()}: something in the path buffers it). Anything
   * else follows core's rules.
   */
  @Override
  public Optional<FailureDecision> classify(TidingsException failure, SubscriptionConfig config) {
    boolean unavailable =
        failure.getCause() instanceof WrongContentType
            || (failure instanceof StallException && ((StallException) failure).silentSinceOpen());
    return unavailable ? Optional.of(FailureDecision.FALL_BACK) : Optional.empty();
  }

  /** {@link #METHOD}, {@link #BODY} and {@link #BODY_TYPE}. */
  @Override
  public List<ConfigOption<?>> options() {
    return OPTIONS;
  }

  /** A body needs {@code POST}; a content type needs to parse. */
  @Override
  public void checkOptions(SubscriptionConfig config) {
    if (config.option(BODY) != null && "GET".equals(config.option(METHOD))) {
      throw new IllegalArgumentException(
          BODY.key() + " is set but " + METHOD.key() + " is GET; set " + METHOD.key() + "=POST");
    }
    if (okhttp3.MediaType.parse(config.option(BODY_TYPE)) == null) {
      throw new IllegalArgumentException(
          BODY_TYPE.key() + "=" + config.option(BODY_TYPE) + " is not a media type");
    }
  }

  /** Zero: a healthy event stream sends heartbeats (comments) within the stall timeout. */
  @Override
  public Duration quietPeriod(SubscriptionConfig config) {
    return Duration.ZERO;
  }
}
