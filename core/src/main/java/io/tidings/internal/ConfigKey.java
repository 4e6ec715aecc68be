package io.tidings.internal;

import io.tidings.HttpVersion;
import io.tidings.MessageFormat;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import io.tidings.spi.HttpPoller;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The configuration keys: the one table that {@link ConfigLoader} parses with, lists known keys
 * from, suggests corrections from, and that docs/CONFIGURATION.md is generated from ({@link
 * #markdownTable()}). Every key is written {@code tidings.KEY} for the top-level subscription and
 * {@code tidings.subscriptions.NAME.KEY} for a named one, which inherits every top-level value.
 *
 * <p>Durations read {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601
 * ({@code PT30S}); sizes read {@code 1048576}, {@code 512KB}/{@code 512KiB}, {@code 8MB}/{@code
 * 8MiB} (KB = KiB = 1024). Lists are comma-separated. Choices are case-insensitive.
 *
 * <p>Constants are declared in the order they are applied: {@link #REDACT} comes before {@link
 * #HEADERS}.
 */
public enum ConfigKey {
  /**
   * {@code tidings.transport} (default {@code sse}): the transport, or a comma-separated list to
   * fall back through, first choice first: {@code shortpoll}, {@code longpoll}, {@code sse}, {@code
   * websocket}, or any transport provider's name. Lower-cased.
   */
  TRANSPORT(
      "transport",
      SubscriptionConfig.DEFAULT_TRANSPORT,
      "Transport, or a comma-separated list to fall back through, first choice first: `shortpoll`,"
          + " `longpoll`, `sse`, `websocket`, or any transport provider's name. Lower-cased.",
      (d, v) -> d.config().transports(ConfigValues.transports(v))),

  /** {@code tidings.url} (required): the server URL, {@code http}, {@code https}, {@code ws}. */
  URL(
      "url",
      "(required)",
      "Server URL: `http`, `https`, `ws` or `wss`. User info and query are never shown in logs or"
          + " errors.",
      (d, v) -> d.config().url(ConfigValues.url(v))),

  /**
   * {@code tidings.redact} (default none): comma-separated header names whose values are never
   * shown, beyond {@code Authorization}, {@code Cookie} and {@code Proxy-Authorization}. A named
   * subscription adds to the top-level list.
   */
  REDACT(
      "redact",
      "(none)",
      "Comma-separated header names whose values are never shown (in `toString()`, logs or"
          + " errors), in addition to `Authorization`, `Cookie` and `Proxy-Authorization`, which"
          + " are always redacted. A named subscription adds to the top-level list.",
      (d, v) -> d.redact(ConfigValues.list(v, "a comma-separated list of header names"))),

  /**
   * {@code tidings.headers.NAME} (default none): a request header sent on every request and
   * upgrade. A named subscription inherits the top-level headers and overrides same-named ones
   * (case-insensitive). Settable from system properties but not from environment variables.
   */
  HEADERS(
      "headers.",
      "(none)",
      "Request header `<Header-Name>` sent on every request and WebSocket upgrade. A named"
          + " subscription inherits the top-level headers and overrides same-named ones"
          + " (case-insensitive). Can be overridden by system properties, not by environment"
          + " variables.",
      (d, header, v) -> d.header(header, ConfigValues.headerValue(v))),

  /** {@code tidings.reconnect.initial-delay} (default 500ms): delay before the first reconnect. */
  RECONNECT_INITIAL_DELAY(
      "reconnect.initial-delay",
      Durations.format(ReconnectPolicy.DEFAULT_INITIAL_DELAY),
      "Delay before the first reconnect (duration, 0 allowed).",
      (d, v) -> d.reconnect().initialDelay(Durations.parse(v))),

  /** {@code tidings.reconnect.max-delay} (default 30s): longest delay between attempts. */
  RECONNECT_MAX_DELAY(
      "reconnect.max-delay",
      Durations.format(ReconnectPolicy.DEFAULT_MAX_DELAY),
      "Longest delay between attempts; at least `reconnect.initial-delay`.",
      (d, v) -> d.reconnect().maxDelay(Durations.parse(v))),

  /** {@code tidings.reconnect.multiplier} (default 2): growth factor of the delay, at least 1. */
  RECONNECT_MULTIPLIER(
      "reconnect.multiplier",
      ConfigValues.format(ReconnectPolicy.DEFAULT_MULTIPLIER),
      "Growth factor of the delay after each failed attempt, at least 1.",
      (d, v) -> d.reconnect().multiplier(ConfigValues.decimal(v))),

  /** {@code tidings.reconnect.jitter} (default 0.5): random share taken off each delay, [0, 1]. */
  RECONNECT_JITTER(
      "reconnect.jitter",
      ConfigValues.format(ReconnectPolicy.DEFAULT_JITTER),
      "Random share taken off each delay, from 0 to 1.",
      (d, v) -> d.reconnect().jitter(ConfigValues.decimal(v))),

  /**
   * {@code tidings.reconnect.max-attempts} (default -1): consecutive failed attempts before giving
   * up; -1 for forever, 0 to never reconnect.
   */
  RECONNECT_MAX_ATTEMPTS(
      "reconnect.max-attempts",
      Integer.toString(ReconnectPolicy.DEFAULT_MAX_ATTEMPTS),
      "Consecutive failed attempts before giving up; `-1` for forever, `0` to never reconnect.",
      (d, v) -> d.reconnect().maxAttempts(ConfigValues.wholeNumber(v, -1))),

  /**
   * {@code tidings.reconnect.max-elapsed} (default none): time without a stable connection before
   * giving up, or {@code none} for forever.
   */
  RECONNECT_MAX_ELAPSED(
      "reconnect.max-elapsed",
      "none",
      "Time without a stable connection before giving up (duration), or `none` for forever.",
      (d, v) -> d.reconnect().maxElapsed(durationOrNone(v))),

  /**
   * {@code tidings.reconnect.reset-after} (default 1m): how long a connection must stay open before
   * the failure count resets.
   */
  RECONNECT_RESET_AFTER(
      "reconnect.reset-after",
      Durations.format(ReconnectPolicy.DEFAULT_RESET_AFTER),
      "How long a connection must stay open before the failure count resets.",
      (d, v) -> d.reconnect().resetAfter(Durations.parse(v))),

  /**
   * {@code tidings.reconnect.max-server-delay} (default 5m): cap on a delay the server asks for
   * (SSE {@code retry:}, {@code Retry-After}).
   */
  RECONNECT_MAX_SERVER_DELAY(
      "reconnect.max-server-delay",
      Durations.format(ReconnectPolicy.DEFAULT_MAX_SERVER_DELAY),
      "Cap on a delay the server asks for (SSE `retry:`, `Retry-After` on 429/503).",
      (d, v) -> d.reconnect().maxServerDelay(Durations.parse(v))),

  /**
   * {@code tidings.reconnect.fatal-statuses} (default 401,403,404,410): HTTP statuses that end the
   * subscription instead of reconnecting; empty to retry every status.
   */
  RECONNECT_FATAL_STATUSES(
      "reconnect.fatal-statuses",
      join(ReconnectPolicy.DEFAULT_FATAL_STATUSES),
      "Comma-separated HTTP statuses that end the subscription instead of reconnecting; empty to"
          + " retry every status.",
      (d, v) -> d.reconnect().fatalStatuses(ConfigValues.codes(v, 100, 599, "HTTP statuses"))),

  /**
   * {@code tidings.ordering} (default deduplicate): {@code as-received}, {@code deduplicate} or
   * {@code ordered}.
   */
  ORDERING(
      "ordering",
      "deduplicate",
      "What happens between receiving and delivering: `as-received` (nothing), `deduplicate` (drop"
          + " ids seen recently) or `ordered` (deliver by sequence number, report gaps).",
      (d, v) -> d.orderingMode(ConfigValues.choice(v, Choices.MODES))),

  /** {@code tidings.ordering.window} (default 1024): ids remembered when de-duplicating. */
  ORDERING_WINDOW(
      "ordering.window",
      Integer.toString(OrderingPolicy.DEFAULT_WINDOW),
      "Ids remembered by `deduplicate`, at least 1.",
      (d, v) -> d.orderingWindow(ConfigValues.wholeNumber(v, 1))),

  /** {@code tidings.ordering.buffer-limit} (default 10000): early messages held by ordered. */
  ORDERING_BUFFER_LIMIT(
      "ordering.buffer-limit",
      Integer.toString(OrderingPolicy.DEFAULT_BUFFER_LIMIT),
      "Early messages held by `ordered` while one is missing, at least 1.",
      (d, v) -> d.orderingBufferLimit(ConfigValues.wholeNumber(v, 1))),

  /**
   * {@code tidings.ordering.gap-timeout} (default 5s): how long ordered waits for a missing message
   * before reporting a gap.
   */
  ORDERING_GAP_TIMEOUT(
      "ordering.gap-timeout",
      Durations.format(OrderingPolicy.DEFAULT_GAP_TIMEOUT),
      "How long `ordered` waits for a missing message before reporting a gap and moving on.",
      (d, v) -> d.orderingGapTimeout(Durations.parse(v))),

  /**
   * {@code tidings.stall-timeout} (default 45s): no byte, event or heartbeat for this long replaces
   * the connection.
   */
  STALL_TIMEOUT(
      "stall-timeout",
      Durations.format(SubscriptionConfig.DEFAULT_STALL_TIMEOUT),
      "No byte, event or heartbeat for this long replaces the connection (greater than zero).",
      (d, v) -> d.config().stallTimeout(Durations.parsePositive(v))),

  /** {@code tidings.connect-timeout} (default 10s): TCP and TLS connect timeout. */
  CONNECT_TIMEOUT(
      "connect-timeout",
      Durations.format(SubscriptionConfig.DEFAULT_CONNECT_TIMEOUT),
      "TCP and TLS connect timeout (greater than zero).",
      (d, v) -> d.config().connectTimeout(Durations.parsePositive(v))),

  /** {@code tidings.format} (default json): {@code json} envelopes or {@code raw} payloads. */
  FORMAT(
      "format",
      SubscriptionConfig.DEFAULT_FORMAT.name().toLowerCase(Locale.ROOT),
      "Payload format: `json` (envelopes `{id, type, seq, data}`) or `raw` (the payload is the"
          + " data).",
      (d, v) -> d.config().format(ConfigValues.choice(v, Choices.FORMATS))),

  /**
   * {@code tidings.max-message-size} (default 8MiB): largest message accepted; a poll body may be
   * {@link HttpPoller#bodyLimit(long) larger}.
   */
  MAX_MESSAGE_SIZE(
      "max-message-size",
      Sizes.format(SubscriptionConfig.DEFAULT_MAX_MESSAGE_SIZE),
      "Largest message accepted (size); a larger one is reported and skipped. A poll response body"
          + " (a batch) may be up to "
          + HttpPoller.BODY_LIMIT_FACTOR
          + " times this, and at least "
          + Sizes.format(HttpPoller.MIN_BODY_LIMIT)
          + ", unless `tidings.poll.max-body-size` says otherwise.",
      (d, v) -> d.config().maxMessageSize(Sizes.parse(v))),

  /** {@code tidings.http.version} (default auto): {@code auto}, {@code http1.1} or {@code h2c}. */
  HTTP_VERSION(
      "http.version",
      Choices.name(SubscriptionConfig.DEFAULT_HTTP_VERSION),
      "HTTP version: `auto` (HTTP/2 over TLS when offered, else HTTP/1.1), `http1.1`, or `h2c`"
          + " (HTTP/2 over cleartext with prior knowledge).",
      (d, v) -> d.config().httpVersion(ConfigValues.choice(v, Choices.HTTP_VERSIONS))),

  /** {@code tidings.cursor-param} (default lastEventId): query parameter carrying the cursor. */
  CURSOR_PARAM(
      "cursor-param",
      SubscriptionConfig.DEFAULT_CURSOR_PARAM,
      "Query parameter carrying the resume cursor on polls and WebSocket upgrades.",
      (d, v) -> d.config().cursorParam(ConfigValues.text(v))),

  /**
   * {@code tidings.delivery.queue-capacity} (default 1024): messages that may wait for the listener
   * before the network is read no further.
   */
  DELIVERY_QUEUE_CAPACITY(
      "delivery.queue-capacity",
      Integer.toString(SubscriptionConfig.DEFAULT_DELIVERY_QUEUE_CAPACITY),
      "Messages that may wait for the listener; when full, the network is read no further until"
          + " there is room (nothing is dropped). At least 1.",
      (d, v) -> d.config().deliveryQueueCapacity(ConfigValues.wholeNumber(v, 1))),

  /**
   * {@code tidings.delivery.queue-bytes} (default 16MiB): bytes of messages that may wait for the
   * listener before the network is read no further.
   */
  DELIVERY_QUEUE_BYTES(
      "delivery.queue-bytes",
      Sizes.format(SubscriptionConfig.DEFAULT_DELIVERY_QUEUE_BYTES),
      "Bytes of messages that may wait for the listener (size); when reached, the network is read"
          + " no further until there is room (nothing is dropped). Bounds the queue together with"
          + " `tidings.delivery.queue-capacity`.",
      (d, v) -> d.config().deliveryQueueBytes(Sizes.parse(v))),

  /**
   * {@code tidings.poll.max-body-size} (default 4 x max-message-size): largest poll body after
   * decompression.
   */
  POLL_MAX_BODY_SIZE(
      "poll.max-body-size",
      "(" + HttpPoller.BODY_LIMIT_FACTOR + " × max-message-size, at least 64MiB)",
      "Largest poll response body after decompression (size). Bodies are parsed as a stream, so"
          + " this bounds one poll's reading, not memory; a larger body ends the poll after the"
          + " messages before the limit were delivered.",
      (d, v) -> d.config().pollMaxBodySize(Sizes.parse(v))),

  /** {@code tidings.poll.max-batch-size} (default 10000): envelopes read from one poll batch. */
  POLL_MAX_BATCH_SIZE(
      "poll.max-batch-size",
      Integer.toString(SubscriptionConfig.DEFAULT_POLL_MAX_BATCH_SIZE),
      "Envelopes read from one poll batch; the rest of a longer one is not read, an error reports"
          + " it, and the next poll resumes from the last envelope delivered. At least 1.",
      (d, v) -> d.config().pollMaxBatchSize(ConfigValues.wholeNumber(v, 1))),

  /** {@code tidings.shortpoll.interval} (default 2s): time between short polls. */
  SHORTPOLL_INTERVAL(
      "shortpoll.interval",
      Durations.format(SubscriptionConfig.DEFAULT_SHORTPOLL_INTERVAL),
      "Time between short polls (greater than zero).",
      (d, v) -> d.config().shortPollInterval(Durations.parsePositive(v))),

  /** {@code tidings.shortpoll.jitter} (default 0.1): random share of each interval, [0, 1). */
  SHORTPOLL_JITTER(
      "shortpoll.jitter",
      ConfigValues.format(SubscriptionConfig.DEFAULT_SHORTPOLL_JITTER),
      "Random share added to or taken off each short-poll interval, at least 0 and below 1.",
      (d, v) -> d.config().shortPollJitter(ConfigValues.decimal(v))),

  /**
   * {@code tidings.shortpoll.min-interval} (default none): with {@code max-interval}, makes short
   * polling adaptive.
   */
  SHORTPOLL_MIN_INTERVAL(
      "shortpoll.min-interval",
      "(none)",
      "With `shortpoll.max-interval` (set both or neither), makes short polling adaptive: faster"
          + " while data flows, down to this interval.",
      (d, v) -> d.shortPollMinInterval(Durations.parsePositive(v))),

  /**
   * {@code tidings.shortpoll.max-interval} (default none): with {@code min-interval}, makes short
   * polling adaptive.
   */
  SHORTPOLL_MAX_INTERVAL(
      "shortpoll.max-interval",
      "(none)",
      "With `shortpoll.min-interval`, makes short polling adaptive: slower while polls come back"
          + " empty, up to this interval.",
      (d, v) -> d.shortPollMaxInterval(Durations.parsePositive(v))),

  /** {@code tidings.longpoll.wait} (default 30s): how long the server may hold a long poll. */
  LONGPOLL_WAIT(
      "longpoll.wait",
      Durations.format(SubscriptionConfig.DEFAULT_LONGPOLL_WAIT),
      "How long the server may hold a long poll (greater than zero).",
      (d, v) -> d.config().longPollWait(Durations.parsePositive(v))),

  /** {@code tidings.longpoll.wait-param} (default wait): query parameter carrying the wait. */
  LONGPOLL_WAIT_PARAM(
      "longpoll.wait-param",
      SubscriptionConfig.DEFAULT_LONGPOLL_WAIT_PARAM,
      "Query parameter carrying the long-poll wait, in seconds.",
      (d, v) -> d.config().longPollWaitParam(ConfigValues.text(v))),

  /**
   * {@code tidings.longpoll.min-interval} (default 1s): pause after an empty long poll that was not
   * held.
   */
  LONGPOLL_MIN_INTERVAL(
      "longpoll.min-interval",
      Durations.format(SubscriptionConfig.DEFAULT_LONGPOLL_MIN_INTERVAL),
      "Pause before the next long poll after an empty answer that came back in less than half the"
          + " wait (a server or proxy that does not hold polls); after messages, or an empty answer"
          + " that was held, the next poll goes out at once (greater than zero).",
      (d, v) -> d.config().longPollMinInterval(Durations.parsePositive(v))),

  /** {@code tidings.websocket.ping-interval} (default 15s): ping interval, 0 for none. */
  WEBSOCKET_PING_INTERVAL(
      "websocket.ping-interval",
      Durations.format(SubscriptionConfig.DEFAULT_WEBSOCKET_PING_INTERVAL),
      "WebSocket ping interval; `0` for no pings.",
      (d, v) -> d.config().webSocketPingInterval(Durations.parse(v))),

  /** {@code tidings.websocket.subprotocols} (default none): subprotocols offered on upgrade. */
  WEBSOCKET_SUBPROTOCOLS(
      "websocket.subprotocols",
      "(none)",
      "Comma-separated subprotocols offered on the WebSocket upgrade (`Sec-WebSocket-Protocol`).",
      (d, v) ->
          d.config()
              .webSocketSubprotocols(ConfigValues.list(v, "a comma-separated list of names"))),

  /**
   * {@code tidings.websocket.resume-message} (default none): message sent when a WebSocket opens,
   * with {@code ${lastEventId}} replaced by the cursor; empty or absent sends the cursor as a query
   * parameter.
   */
  WEBSOCKET_RESUME_MESSAGE(
      "websocket.resume-message",
      "(none)",
      "Message sent when a WebSocket opens, to resume; `${lastEventId}` in it is replaced by the"
          + " cursor (JSON-escaped). Empty or absent: the cursor goes in the `cursor-param` query"
          + " parameter.",
      (d, v) -> d.config().webSocketResumeMessage(v.isBlank() ? null : v.trim())),

  /**
   * {@code tidings.websocket.fatal-close-codes} (default 1003,1008): close codes that end the
   * subscription.
   */
  WEBSOCKET_FATAL_CLOSE_CODES(
      "websocket.fatal-close-codes",
      join(SubscriptionConfig.DEFAULT_WEBSOCKET_FATAL_CLOSE_CODES),
      "Comma-separated WebSocket close codes that end the subscription instead of reconnecting;"
          + " empty for none.",
      (d, v) ->
          d.config().webSocketFatalCloseCodes(ConfigValues.codes(v, 1000, 4999, "close codes"))),

  /**
   * {@code tidings.websocket.send-buffer} (default 1MiB): bytes that may wait to be sent before
   * {@code send} fails.
   */
  WEBSOCKET_SEND_BUFFER(
      "websocket.send-buffer",
      Sizes.format(SubscriptionConfig.DEFAULT_WEBSOCKET_SEND_BUFFER),
      "Bytes that may wait to be sent on a WebSocket before `send` fails (size).",
      (d, v) -> d.config().webSocketSendBuffer(Sizes.parse(v)));

  /** Every key starts with this. */
  public static final String PREFIX = "tidings.";

  /** Named subscriptions' keys start with this, then the name and a dot. */
  public static final String SUBSCRIPTIONS_PREFIX = PREFIX + "subscriptions.";

  private static final Map<String, ConfigKey> BY_SUFFIX;

  static {
    Map<String, ConfigKey> bySuffix = new LinkedHashMap<>();
    for (ConfigKey key : values()) {
      if (!key.isPrefix()) {
        bySuffix.put(key.suffix, key);
      }
    }
    BY_SUFFIX = Collections.unmodifiableMap(bySuffix);
  }

  /** Applies a value; throws ConfigValueException or the builders' IllegalArgumentException. */
  @FunctionalInterface
  interface Binder {
    /**
     * Applies {@code value} to {@code draft}.
     *
     * @param header the header name for {@link #HEADERS}, else null
     */
    void bind(ConfigDraft draft, String header, String value);
  }

  private final String suffix;
  private final String defaultValue;
  private final String meaning;
  private final Binder binder;

  ConfigKey(String suffix, String defaultValue, String meaning, BiConsumer<ConfigDraft, String> b) {
    this(suffix, defaultValue, meaning, (d, header, v) -> b.accept(d, v));
  }

  ConfigKey(String suffix, String defaultValue, String meaning, Binder binder) {
    this.suffix = suffix;
    this.defaultValue = defaultValue;
    this.meaning = meaning;
    this.binder = binder;
  }

  /**
   * The key after {@code tidings.}, e.g. {@code reconnect.max-delay}; {@code headers.} for {@link
   * #HEADERS}.
   */
  public String suffix() {
    return suffix;
  }

  /**
   * The top-level key, e.g. {@code tidings.reconnect.max-delay}; {@code
   * tidings.headers.<Header-Name>}.
   */
  public String key() {
    return PREFIX + (isPrefix() ? suffix + "<Header-Name>" : suffix);
  }

  /** The default as written in a file, or a note such as {@code (required)} or {@code (none)}. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the key means, in Markdown. */
  public String meaning() {
    return meaning;
  }

  /** True for {@link #HEADERS}, whose key continues with a header name. */
  public boolean isPrefix() {
    return this == HEADERS;
  }

  /** True when an environment variable can override it: every key but {@link #HEADERS}. */
  public boolean isEnvironmentOverridable() {
    return !isPrefix();
  }

  void bind(ConfigDraft draft, String header, String value) {
    binder.bind(draft, header, value);
  }

  /** The key with this suffix, or null; {@link #HEADERS} is not found this way. */
  static ConfigKey bySuffix(String suffix) {
    return BY_SUFFIX.get(suffix);
  }

  /** The environment variable overriding {@code key}: upper-cased, {@code .} and {@code -} as _. */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The nearest known suffix to an unknown one (case-insensitive edit distance), or null when none
   * is close.
   */
  static String suggest(String unknownSuffix) {
    String lower = unknownSuffix.toLowerCase(Locale.ROOT);
    List<String> candidates = new ArrayList<>(BY_SUFFIX.keySet());
    int dot = unknownSuffix.indexOf('.');
    if (dot > 0 && dot < unknownSuffix.length() - 1) {
      String tail = unknownSuffix.substring(dot + 1);
      candidates.add(HEADERS.suffix + tail);
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, unknownSuffix.length() / 4);
    if (bestDistance <= allowed) {
      return best;
    }
    // A truncated key: websocket.ping for websocket.ping-interval.
    String shortest = null;
    for (String candidate : BY_SUFFIX.keySet()) {
      if (lower.length() >= 4
          && candidate.startsWith(lower)
          && (shortest == null || candidate.length() < shortest.length())) {
        shortest = candidate;
      }
    }
    return shortest;
  }

  /** Every key, in table order, as written at the top level. */
  static List<String> knownKeys() {
    List<String> keys = new ArrayList<>();
    for (ConfigKey key : values()) {
      keys.add(key.key());
    }
    return keys;
  }

  /** The key table as Markdown: key, default, meaning. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder("| Key | Default | Meaning |\n|---|---|---|\n");
    for (ConfigKey key : values()) {
      String dflt =
          key.defaultValue.startsWith("(") ? key.defaultValue : "`" + key.defaultValue + "`";
      sb.append("| `")
          .append(key.key())
          .append("` | ")
          .append(dflt)
          .append(" | ")
          .append(key.meaning.replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static java.time.Duration durationOrNone(String v) {
    if (v.trim().equalsIgnoreCase("none")) {
      return null;
    }
    try {
      return Durations.parse(v);
    } catch (ConfigValueException e) {
      throw new ConfigValueException(e.getMessage() + ", or none for forever");
    }
  }

  private static String join(Set<Integer> codes) {
    List<String> parts = new ArrayList<>();
    new TreeSet<>(codes).forEach(c -> parts.add(Integer.toString(c)));
    return String.join(",", parts);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The words for enum values in configuration files. */
  static final class Choices {
    static final Map<String, OrderingPolicy.Mode> MODES =
        choices(
            "as-received",
            OrderingPolicy.Mode.AS_RECEIVED,
            "deduplicate",
            OrderingPolicy.Mode.DEDUPLICATE,
            "ordered",
            OrderingPolicy.Mode.ORDERED);
    static final Map<String, MessageFormat> FORMATS =
        choices("json", MessageFormat.JSON, "raw", MessageFormat.RAW);
    static final Map<String, HttpVersion> HTTP_VERSIONS =
        choices("auto", HttpVersion.AUTO, "http1.1", HttpVersion.HTTP_1_1, "h2c", HttpVersion.H2C);

    private Choices() {}

    static String name(HttpVersion version) {
      for (Map.Entry<String, HttpVersion> e : HTTP_VERSIONS.entrySet()) {
        if (e.getValue() == version) {
          return e.getKey();
        }
      }
      throw new IllegalArgumentException(String.valueOf(version));
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> choices(Object... wordsAndValues) {
      Map<String, T> map = new LinkedHashMap<>();
      for (int i = 0; i < wordsAndValues.length; i += 2) {
        map.put((String) wordsAndValues[i], (T) wordsAndValues[i + 1]);
      }
      return Collections.unmodifiableMap(map);
    }
  }
}
