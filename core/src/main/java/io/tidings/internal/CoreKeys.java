package io.tidings.internal;

import static io.tidings.spi.ConfigOption.choice;
import static io.tidings.spi.ConfigOption.duration;
import static io.tidings.spi.ConfigOption.positiveDuration;
import static io.tidings.spi.ConfigOption.size;
import static io.tidings.spi.ConfigOption.wholeNumber;

import io.tidings.HttpVersion;
import io.tidings.MessageFormat;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.ConfigOption;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Core's configuration keys, each declared once; the transports' keys come from {@link
 * io.tidings.spi.TransportProvider#options()}. Listed in {@link #ALL} in the order they are applied
 * and documented (docs/CONFIGURATION.md, {@link #markdownTable}); {@code tidings.headers.NAME} is
 * the one key that is not an option, since its name continues with the header's.
 */
public final class CoreKeys {
  /** Named subscriptions' keys start with this, then the name and a dot. */
  public static final String SUBSCRIPTIONS_PREFIX = ConfigOption.PREFIX + "subscriptions.";

  /** The header keys' prefix after {@code tidings.}. */
  public static final String HEADERS = "headers.";

  static final ConfigOption<List<String>> TRANSPORT =
      ConfigOption.of(
          "transport",
          List.of(SubscriptionConfig.DEFAULT_TRANSPORT),
          SubscriptionConfig.DEFAULT_TRANSPORT,
          "Transport, or a comma-separated list to fall back through, first choice first:"
              + " `shortpoll`, `longpoll`, `sse`, `websocket`, or any transport provider's name."
              + " Lower-cased. A name no transport on the class path has fails the load, with the"
              + " nearest name (and, for Tidings' own, the artifact to add).",
          ConfigValues::transports);

  static final ConfigOption<URI> URL =
      ConfigOption.of(
          "url",
          null,
          "(required)",
          "Server URL: `http`, `https`, `ws` or `wss`. User info and query are never shown in logs"
              + " or errors.",
          ConfigValues::url);

  static final ConfigOption<List<String>> REDACT =
      ConfigOption.of(
          "redact",
          List.of(),
          "(none)",
          "Comma-separated header names whose values are never shown (in `toString()`, logs or"
              + " errors), in addition to `Authorization`, `Cookie` and `Proxy-Authorization`,"
              + " which are always redacted. A named subscription adds to the top-level list.",
          v -> ConfigValues.list(v, "a comma-separated list of header names"));

  /** What {@code tidings.headers.NAME} does, in Markdown. */
  public static final String HEADERS_MEANING =
      "Request header `<Header-Name>` sent on every request and WebSocket upgrade. A named"
          + " subscription inherits the top-level headers and overrides same-named ones"
          + " (case-insensitive). Can be overridden by system properties, not by environment"
          + " variables.";

  static final ConfigOption<Duration> RECONNECT_INITIAL_DELAY =
      duration(
          "reconnect.initial-delay",
          ReconnectPolicy.DEFAULT_INITIAL_DELAY,
          "Delay before the first reconnect (duration, 0 allowed).");

  static final ConfigOption<Duration> RECONNECT_MAX_DELAY =
      duration(
          "reconnect.max-delay",
          ReconnectPolicy.DEFAULT_MAX_DELAY,
          "Longest delay between attempts; at least `reconnect.initial-delay`.");

  static final ConfigOption<Double> RECONNECT_MULTIPLIER =
      ConfigOption.of(
          "reconnect.multiplier",
          ReconnectPolicy.DEFAULT_MULTIPLIER,
          ConfigValues.format(ReconnectPolicy.DEFAULT_MULTIPLIER),
          "Growth factor of the delay after each failed attempt, at least 1.",
          ConfigValues::decimal);

  static final ConfigOption<Double> RECONNECT_JITTER =
      ConfigOption.of(
          "reconnect.jitter",
          ReconnectPolicy.DEFAULT_JITTER,
          ConfigValues.format(ReconnectPolicy.DEFAULT_JITTER),
          "Random share taken off each delay, from 0 to 1.",
          ConfigValues::decimal);

  static final ConfigOption<Integer> RECONNECT_MAX_ATTEMPTS =
      wholeNumber(
          "reconnect.max-attempts",
          ReconnectPolicy.DEFAULT_MAX_ATTEMPTS,
          -1,
          "How many times to reconnect after consecutive failures before giving up: with `3`, the"
              + " 4th failure in a row ends the subscription; `0` never reconnects (the first"
              + " failure ends it); `-1` for forever.");

  static final ConfigOption<Duration> RECONNECT_MAX_ELAPSED =
      ConfigOption.of(
          "reconnect.max-elapsed",
          null,
          "none",
          "Time without a stable connection before giving up (duration), or `none` for forever.",
          CoreKeys::durationOrNone);

  static final ConfigOption<Duration> RECONNECT_RESET_AFTER =
      duration(
          "reconnect.reset-after",
          ReconnectPolicy.DEFAULT_RESET_AFTER,
          "How long a connection must stay open before the failure count resets.");

  static final ConfigOption<Duration> RECONNECT_MAX_SERVER_DELAY =
      duration(
          "reconnect.max-server-delay",
          ReconnectPolicy.DEFAULT_MAX_SERVER_DELAY,
          "Cap on a delay the server asks for (SSE `retry:`, `Retry-After` on 429/503).");

  static final ConfigOption<Set<Integer>> RECONNECT_FATAL_STATUSES =
      ConfigOption.codes(
          "reconnect.fatal-statuses",
          ReconnectPolicy.DEFAULT_FATAL_STATUSES,
          100,
          599,
          "HTTP statuses",
          "Comma-separated HTTP statuses that end the subscription instead of reconnecting; empty"
              + " to retry every status.");

  static final ConfigOption<OrderingPolicy.Mode> ORDERING =
      choice(
          "ordering",
          OrderingPolicy.Mode.DEDUPLICATE,
          words(
              "as-received",
              OrderingPolicy.Mode.AS_RECEIVED,
              "deduplicate",
              OrderingPolicy.Mode.DEDUPLICATE,
              "ordered",
              OrderingPolicy.Mode.ORDERED),
          "What happens between receiving and delivering: `as-received` (nothing), `deduplicate`"
              + " (drop ids seen recently) or `ordered` (deliver by sequence number, report"
              + " gaps).");

  static final ConfigOption<Integer> ORDERING_WINDOW =
      wholeNumber(
          "ordering.window",
          OrderingPolicy.DEFAULT_WINDOW,
          1,
          "Ids remembered by `deduplicate`, at least 1.");

  static final ConfigOption<Integer> ORDERING_BUFFER_LIMIT =
      wholeNumber(
          "ordering.buffer-limit",
          OrderingPolicy.DEFAULT_BUFFER_LIMIT,
          1,
          "Early messages held by `ordered` while one is missing, at least 1.");

  static final ConfigOption<Duration> ORDERING_GAP_TIMEOUT =
      duration(
          "ordering.gap-timeout",
          OrderingPolicy.DEFAULT_GAP_TIMEOUT,
          "How long `ordered` waits for a missing message before reporting a gap and moving on.");

  /** See {@link SubscriptionConfig.Builder#stallTimeout}. */
  public static final ConfigOption<Duration> STALL_TIMEOUT =
      positiveDuration(
          "stall-timeout",
          SubscriptionConfig.DEFAULT_STALL_TIMEOUT,
          "No byte, event or heartbeat for this long replaces the connection (greater than"
              + " zero).");

  /** See {@link SubscriptionConfig.Builder#connectTimeout}. */
  public static final ConfigOption<Duration> CONNECT_TIMEOUT =
      positiveDuration(
          "connect-timeout",
          SubscriptionConfig.DEFAULT_CONNECT_TIMEOUT,
          "TCP and TLS connect timeout (greater than zero).");

  /** See {@link SubscriptionConfig.Builder#format}. */
  public static final ConfigOption<MessageFormat> FORMAT =
      choice(
          "format",
          SubscriptionConfig.DEFAULT_FORMAT,
          words("json", MessageFormat.JSON, "raw", MessageFormat.RAW),
          "Payload format: `json` (envelopes `{id, type, seq, data}`) or `raw` (the payload is the"
              + " data).");

  /** See {@link SubscriptionConfig.Builder#maxMessageSize}. */
  public static final ConfigOption<Long> MAX_MESSAGE_SIZE =
      size(
          "max-message-size",
          SubscriptionConfig.DEFAULT_MAX_MESSAGE_SIZE,
          "Largest message accepted (size); a larger one is reported and skipped. A poll response"
              + " body (a batch) may be up to 4 times this, and at least 64MiB, unless"
              + " `tidings.poll.max-body-size` says otherwise.");

  /** See {@link SubscriptionConfig.Builder#httpVersion}. */
  public static final ConfigOption<HttpVersion> HTTP_VERSION =
      choice(
          "http.version",
          SubscriptionConfig.DEFAULT_HTTP_VERSION,
          words("auto", HttpVersion.AUTO, "http1.1", HttpVersion.HTTP_1_1, "h2c", HttpVersion.H2C),
          "HTTP version: `auto` (HTTP/2 over TLS when offered, else HTTP/1.1), `http1.1`, or"
              + " `h2c` (HTTP/2 over cleartext with prior knowledge).");

  /** See {@link SubscriptionConfig.Builder#cursorParam}. */
  public static final ConfigOption<String> CURSOR_PARAM =
      ConfigOption.text(
          "cursor-param",
          SubscriptionConfig.DEFAULT_CURSOR_PARAM,
          "Query parameter carrying the resume cursor on polls and WebSocket upgrades.");

  /** See {@link SubscriptionConfig.Builder#deliveryQueueCapacity}. */
  public static final ConfigOption<Integer> DELIVERY_QUEUE_CAPACITY =
      wholeNumber(
          "delivery.queue-capacity",
          SubscriptionConfig.DEFAULT_DELIVERY_QUEUE_CAPACITY,
          1,
          "Messages that may wait for the listener; when full, the network is read no further"
              + " until there is room (nothing is dropped). At least 1.");

  /** See {@link SubscriptionConfig.Builder#deliveryQueueBytes}. */
  public static final ConfigOption<Long> DELIVERY_QUEUE_BYTES =
      size(
          "delivery.queue-bytes",
          SubscriptionConfig.DEFAULT_DELIVERY_QUEUE_BYTES,
          "Bytes of messages that may wait for the listener (size); when reached, the network is"
              + " read no further until there is room (nothing is dropped). Bounds the queue"
              + " together with `tidings.delivery.queue-capacity`, and bounds the `ordered`"
              + " re-order buffer too.");

  /** See {@link SubscriptionConfig.Builder#startAfter}. */
  public static final ConfigOption<String> RESUME_START_AFTER =
      ConfigOption.text(
          "resume.start-after",
          null,
          "Id to resume after when the subscription starts (as if the message with this id had"
              + " just been delivered); a `cursor-store` that holds an id wins over it.");

  /** See {@link SubscriptionConfig.Builder#cursorStoreFile}. */
  public static final ConfigOption<java.nio.file.Path> CURSOR_STORE =
      ConfigOption.of(
          "cursor-store",
          null,
          "(none)",
          "Keeps the last delivered id across restarts of the application: `file:<path>` (the"
              + " folder must exist; writes are atomic). Loaded at start, saved after each"
              + " `onMessage` returns, flushed on `close()`: exactly once across a `close()` (call"
              + " it from a shutdown hook for SIGTERM), at least once across a crash.",
          ConfigValues::cursorStoreFile);

  /** See {@link SubscriptionConfig.Builder#cursorStoreFile}. */
  public static final ConfigOption<Duration> CURSOR_STORE_INTERVAL =
      duration(
          "cursor-store.interval",
          io.tidings.CursorStore.DEFAULT_FILE_INTERVAL,
          "Least time between two writes of the `cursor-store` file; `0` writes after every"
              + " message. What is pending is written on `close()`.");

  /** See {@link SubscriptionConfig.Builder#fallbackProbeInterval}. */
  public static final ConfigOption<Duration> FALLBACK_PROBE_INTERVAL =
      duration(
          "fallback.probe-interval",
          SubscriptionConfig.DEFAULT_FALLBACK_PROBE_INTERVAL,
          "While on a fallback transport, how often the first transport of `tidings.transport` is"
              + " probed again (up to 20 % earlier, at random); `0` never probes.");

  /** See {@link SubscriptionConfig.Builder#credentialsTimeout}. */
  public static final ConfigOption<Duration> CREDENTIALS_TIMEOUT =
      positiveDuration(
          "credentials.timeout",
          io.tidings.CredentialsProvider.DEFAULT_TIMEOUT,
          "How long a `CredentialsProvider` may take before the attempt fails (and is retried"
              + " with backoff).");

  /** See {@link SubscriptionConfig.Builder#refreshCredentialsOn403}. */
  public static final ConfigOption<Boolean> CREDENTIALS_REFRESH_ON_403 =
      choice(
          "credentials.refresh-on-403",
          false,
          words("true", true, "false", false),
          "`true`: a 403 also asks the `CredentialsProvider` for fresh credentials once, as a 401"
              + " always does.");

  /** See {@link SubscriptionConfig.Builder#proxy}. */
  public static final ConfigOption<ProxySetting> PROXY =
      ConfigOption.of(
          "proxy",
          null,
          "(none)",
          "Proxy for every transport: `http://[user:password@]host:port` or"
              + " `socks://[user:password@]host:port` (SOCKS5); take credentials from `${env:NAME}`."
              + " SOCKS credentials are sent by this subscription's client, never set JVM-wide."
              + " The password is never shown.",
          ConfigValues::proxy);

  /** See {@link SubscriptionConfig.Builder#trustStore}. */
  public static final ConfigOption<java.nio.file.Path> TLS_TRUST_STORE =
      ConfigOption.of(
          "tls.trust-store",
          null,
          "(JDK default)",
          "Trust store (PKCS12 or JKS file) holding the CAs to trust instead of the JDK's, for a"
              + " private CA.",
          ConfigValues::path);

  /** The trust store's type. */
  public static final ConfigOption<String> TLS_TRUST_STORE_TYPE =
      ConfigOption.text(
          "tls.trust-store-type", TlsSetting.DEFAULT_STORE_TYPE, "`PKCS12` or `JKS`.");

  /** The trust store's password. */
  public static final ConfigOption<String> TLS_TRUST_STORE_PASSWORD =
      ConfigOption.text(
          "tls.trust-store-password",
          null,
          "Password of `tls.trust-store` (use `${env:NAME}`); never shown.");

  /** See {@link SubscriptionConfig.Builder#keyStore}. */
  public static final ConfigOption<java.nio.file.Path> TLS_KEY_STORE =
      ConfigOption.of(
          "tls.key-store",
          null,
          "(none)",
          "Key store (PKCS12 or JKS file) with the client certificate and key for mutual TLS.",
          ConfigValues::path);

  /** The key store's type. */
  public static final ConfigOption<String> TLS_KEY_STORE_TYPE =
      ConfigOption.text("tls.key-store-type", TlsSetting.DEFAULT_STORE_TYPE, "`PKCS12` or `JKS`.");

  /** The key store's password, also the key's. */
  public static final ConfigOption<String> TLS_KEY_STORE_PASSWORD =
      ConfigOption.text(
          "tls.key-store-password",
          null,
          "Password of `tls.key-store` and of its key (use `${env:NAME}`); never shown.");

  /** Every core key but the headers, in order. */
  static final List<ConfigOption<?>> ALL =
      List.of(
          TRANSPORT,
          URL,
          REDACT,
          RECONNECT_INITIAL_DELAY,
          RECONNECT_MAX_DELAY,
          RECONNECT_MULTIPLIER,
          RECONNECT_JITTER,
          RECONNECT_MAX_ATTEMPTS,
          RECONNECT_MAX_ELAPSED,
          RECONNECT_RESET_AFTER,
          RECONNECT_MAX_SERVER_DELAY,
          RECONNECT_FATAL_STATUSES,
          ORDERING,
          ORDERING_WINDOW,
          ORDERING_BUFFER_LIMIT,
          ORDERING_GAP_TIMEOUT,
          STALL_TIMEOUT,
          CONNECT_TIMEOUT,
          FORMAT,
          MAX_MESSAGE_SIZE,
          HTTP_VERSION,
          CURSOR_PARAM,
          DELIVERY_QUEUE_CAPACITY,
          DELIVERY_QUEUE_BYTES,
          RESUME_START_AFTER,
          CURSOR_STORE,
          CURSOR_STORE_INTERVAL,
          CREDENTIALS_TIMEOUT,
          FALLBACK_PROBE_INTERVAL,
          CREDENTIALS_REFRESH_ON_403,
          PROXY,
          TLS_TRUST_STORE,
          TLS_TRUST_STORE_TYPE,
          TLS_TRUST_STORE_PASSWORD,
          TLS_KEY_STORE,
          TLS_KEY_STORE_TYPE,
          TLS_KEY_STORE_PASSWORD);

  private CoreKeys() {}

  /** Every core key but the headers, in order (as documented). */
  public static List<ConfigOption<?>> options() {
    return ALL;
  }

  /**
   * True for the keys stored in the configuration as they are ({@link SubscriptionConfig#option});
   * the loader builds the others (transports, URL, redaction, the policies) into their fields.
   */
  static boolean stored(ConfigOption<?> o) {
    int i = ALL.indexOf(o);
    return i < 0 || i >= ALL.indexOf(STALL_TIMEOUT);
  }

  /** Core's key table as Markdown, the headers row after {@code redact}. */
  public static String markdownTable() {
    String table = ConfigOption.markdownTable(ALL);
    String redactRow = "| `" + REDACT.key() + "` |";
    int afterRedact = table.indexOf('\n', table.indexOf(redactRow)) + 1;
    return table.substring(0, afterRedact)
        + "| `"
        + ConfigOption.PREFIX
        + HEADERS
        + "<Header-Name>` | (none) | "
        + HEADERS_MEANING
        + " |\n"
        + table.substring(afterRedact);
  }

  private static Duration durationOrNone(String v) {
    if (v.trim().equalsIgnoreCase("none")) {
      return null;
    }
    try {
      return Durations.parse(v);
    } catch (ConfigValueException e) {
      throw new ConfigValueException(e.getMessage() + ", or none for forever");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Map<String, T> words(Object... wordsAndValues) {
    Map<String, T> map = new LinkedHashMap<>();
    for (int i = 0; i < wordsAndValues.length; i += 2) {
      map.put((String) wordsAndValues[i], (T) wordsAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
