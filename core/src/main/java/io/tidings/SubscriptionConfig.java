package io.tidings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.internal.ConfigLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;

/**
 * Everything a subscription needs: where, over which transport, and with which policies. Immutable
 * and thread-safe. Load one from a properties file with {@link #load(Path)} (keys in the README),
 * or build one with {@link #builder()}; adjust a loaded one with {@link #toBuilder()}.
 *
 * <p>Values loaded from a file may be overridden by environment variables ({@code
 * TIDINGS_TRANSPORT=websocket}) and then by system properties ({@code -Dtidings.transport=sse});
 * {@code ${env:NAME}} in a value is replaced from the environment.
 *
 * <p>{@link #toString()} and every error message redact the values of {@code Authorization}, {@code
 * Cookie}, {@code Proxy-Authorization} and every header named in {@code tidings.redact}.
 */
public final class SubscriptionConfig {
  /** Name of an unnamed subscription: {@value}. */
  public static final String DEFAULT_NAME = "default";

  /** Transport when none is configured: {@value}. */
  public static final String DEFAULT_TRANSPORT = "sse";

  /** No data or heartbeat for this long means the connection is dead: 45 s. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(45);

  /** TCP and TLS connect timeout: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Payload format: JSON envelopes. */
  public static final MessageFormat DEFAULT_FORMAT = MessageFormat.JSON;

  /**
   * Largest message accepted: 8 MiB. A poll response body may be larger: see {@link
   * Builder#pollMaxBodySize}.
   */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 8L * 1024 * 1024;

  /** HTTP version: HTTP/2 over TLS when offered, else HTTP/1.1. */
  public static final HttpVersion DEFAULT_HTTP_VERSION = HttpVersion.AUTO;

  /** Query parameter carrying the resume cursor on polls and WebSocket upgrades: {@value}. */
  public static final String DEFAULT_CURSOR_PARAM = "lastEventId";

  /** Messages waiting for the listener before the network is read no further: 1024. */
  public static final int DEFAULT_DELIVERY_QUEUE_CAPACITY = 1024;

  /**
   * Bytes of messages (and counted errors) that may wait for the listener before the network is
   * read no further: 16 MiB. Bounds the delivery queue in bytes as {@link
   * #DEFAULT_DELIVERY_QUEUE_CAPACITY} bounds it in messages; whichever is reached first pauses the
   * network.
   */
  public static final long DEFAULT_DELIVERY_QUEUE_BYTES = 16L * 1024 * 1024;

  /**
   * Envelopes a poll batch may hold: 10 000. The first this many are delivered, the rest of the
   * body is not read, and the next poll resumes from the last one delivered.
   */
  public static final int DEFAULT_POLL_MAX_BATCH_SIZE = 10_000;

  /** Time between short polls: 2 s. */
  public static final Duration DEFAULT_SHORTPOLL_INTERVAL = Duration.ofSeconds(2);

  /** Random share added to or taken off each short-poll interval: 0.1. */
  public static final double DEFAULT_SHORTPOLL_JITTER = 0.1;

  /** How long the server may hold a long poll: 30 s. */
  public static final Duration DEFAULT_LONGPOLL_WAIT = Duration.ofSeconds(30);

  /** Query parameter carrying the long-poll wait, in seconds: {@value}. */
  public static final String DEFAULT_LONGPOLL_WAIT_PARAM = "wait";

  /**
   * Pause before the next long poll after an empty answer that was not held (a server or proxy that
   * ignores the wait): 1 s. See {@link Builder#longPollMinInterval}.
   */
  public static final Duration DEFAULT_LONGPOLL_MIN_INTERVAL = Duration.ofSeconds(1);

  /** WebSocket ping interval: 15 s. */
  public static final Duration DEFAULT_WEBSOCKET_PING_INTERVAL = Duration.ofSeconds(15);

  /** WebSocket close codes that end the subscription: 1003 (unsupported data), 1008 (policy). */
  public static final Set<Integer> DEFAULT_WEBSOCKET_FATAL_CLOSE_CODES =
      Collections.unmodifiableSet(new TreeSet<>(Set.of(1003, 1008)));

  /** Bytes that may wait to be sent on a WebSocket before {@code send} fails: 1 MiB. */
  public static final long DEFAULT_WEBSOCKET_SEND_BUFFER = 1024L * 1024;

  /** Headers whose values are never shown: authorization, cookie, proxy-authorization. */
  public static final Set<String> ALWAYS_REDACTED =
      Collections.unmodifiableSet(
          new TreeSet<>(Set.of("authorization", "cookie", "proxy-authorization")));

  private final String name;
  private final List<String> transports;
  private final URI url;
  private final Map<String, String> headers;
  private final Set<String> redactedHeaders;
  private final ReconnectPolicy reconnectPolicy;
  private final OrderingPolicy orderingPolicy;
  private final Duration stallTimeout;
  private final Duration connectTimeout;
  private final MessageFormat format;
  private final long maxMessageSize;
  private final HttpVersion httpVersion;
  private final String cursorParam;
  private final int deliveryQueueCapacity;
  private final long deliveryQueueBytes;
  private final long pollMaxBodySize;
  private final int pollMaxBatchSize;
  private final Duration shortPollInterval;
  private final double shortPollJitter;
  private final Duration shortPollMinInterval;
  private final Duration shortPollMaxInterval;
  private final Duration longPollWait;
  private final String longPollWaitParam;
  private final Duration longPollMinInterval;
  private final Duration webSocketPingInterval;
  private final List<String> webSocketSubprotocols;
  private final String webSocketResumeMessage;
  private final Set<Integer> webSocketFatalCloseCodes;
  private final long webSocketSendBuffer;
  private final Executor executor;
  private final OkHttpClient httpClient;
  private final ObjectMapper objectMapper;

  private SubscriptionConfig(Builder b) {
    this.name = b.name;
    this.transports = List.copyOf(b.transports);
    this.url = b.url;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    TreeSet<String> redacted = new TreeSet<>(ALWAYS_REDACTED);
    b.redactedHeaders.forEach(h -> redacted.add(h.toLowerCase(Locale.ROOT)));
    this.redactedHeaders = Collections.unmodifiableSet(redacted);
    this.reconnectPolicy = b.reconnectPolicy;
    this.orderingPolicy = b.orderingPolicy;
    this.stallTimeout = b.stallTimeout;
    this.connectTimeout = b.connectTimeout;
    this.format = b.format;
    this.maxMessageSize = b.maxMessageSize;
    this.httpVersion = b.httpVersion;
    this.cursorParam = b.cursorParam;
    this.deliveryQueueCapacity = b.deliveryQueueCapacity;
    this.deliveryQueueBytes = b.deliveryQueueBytes;
    this.pollMaxBodySize = b.pollMaxBodySize;
    this.pollMaxBatchSize = b.pollMaxBatchSize;
    this.shortPollInterval = b.shortPollInterval;
    this.shortPollJitter = b.shortPollJitter;
    this.shortPollMinInterval = b.shortPollMinInterval;
    this.shortPollMaxInterval = b.shortPollMaxInterval;
    this.longPollWait = b.longPollWait;
    this.longPollWaitParam = b.longPollWaitParam;
    this.longPollMinInterval = b.longPollMinInterval;
    this.webSocketPingInterval = b.webSocketPingInterval;
    this.webSocketSubprotocols = List.copyOf(b.webSocketSubprotocols);
    this.webSocketResumeMessage = b.webSocketResumeMessage;
    this.webSocketFatalCloseCodes =
        Collections.unmodifiableSet(new TreeSet<>(b.webSocketFatalCloseCodes));
    this.webSocketSendBuffer = b.webSocketSendBuffer;
    this.executor = b.executor;
    this.httpClient = b.httpClient;
    this.objectMapper = b.objectMapper;
  }

  /** A builder with every {@code DEFAULT_*} value; {@link Builder#url} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Loads the top-level subscription from a properties file (UTF-8), then applies environment and
   * system-property overrides.
   *
   * @throws ConfigurationException naming the file, key, value and what was expected
   */
  public static SubscriptionConfig load(Path file) {
    return ConfigLoader.system().load(file, null);
  }

  /**
   * Loads the named subscription ({@code tidings.subscriptions.NAME.*}, inheriting the top-level
   * values) from a properties file.
   *
   * @throws ConfigurationException when the file has no such subscription, or a value is bad
   */
  public static SubscriptionConfig load(Path file, String name) {
    return ConfigLoader.system().load(file, Objects.requireNonNull(name, "name"));
  }

  /** Loads every named subscription of a file, by name, in file order. */
  public static Map<String, SubscriptionConfig> loadAll(Path file) {
    return ConfigLoader.system().loadAll(file);
  }

  /**
   * Loads the top-level subscription from a class-path resource, such as {@code
   * tidings.properties}.
   */
  public static SubscriptionConfig fromClasspath(String resource) {
    return ConfigLoader.system().fromClasspath(resource, null);
  }

  /** Loads a named subscription from a class-path resource. */
  public static SubscriptionConfig fromClasspath(String resource, String name) {
    return ConfigLoader.system().fromClasspath(resource, Objects.requireNonNull(name, "name"));
  }

  /** Reads the top-level subscription from properties, then applies the overrides. */
  public static SubscriptionConfig fromProperties(Properties properties) {
    return ConfigLoader.system().fromProperties(properties, null, "properties");
  }

  /** Reads a named subscription from properties, then applies the overrides. */
  public static SubscriptionConfig fromProperties(Properties properties, String name) {
    return ConfigLoader.system()
        .fromProperties(properties, Objects.requireNonNull(name, "name"), "properties");
  }

  /** The subscription's name; {@link #DEFAULT_NAME} unless named. */
  public String name() {
    return name;
  }

  /** The transports to use, first choice first; never empty. */
  public List<String> transports() {
    return transports;
  }

  /** The first-choice transport. */
  public String transport() {
    return transports.get(0);
  }

  /** The server URL ({@code http}, {@code https}, {@code ws} or {@code wss}). */
  public URI url() {
    return url;
  }

  /** Extra request headers, in configuration order. Unmodifiable. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Lower-case names of headers whose values are never shown. Unmodifiable. */
  public Set<String> redactedHeaders() {
    return redactedHeaders;
  }

  /** True when the header's value must never be shown. */
  public boolean isRedacted(String headerName) {
    return redactedHeaders.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /** See {@link Builder#reconnectPolicy}. */
  public ReconnectPolicy reconnectPolicy() {
    return reconnectPolicy;
  }

  /** See {@link Builder#orderingPolicy}. */
  public OrderingPolicy orderingPolicy() {
    return orderingPolicy;
  }

  /** See {@link Builder#stallTimeout}. */
  public Duration stallTimeout() {
    return stallTimeout;
  }

  /** See {@link Builder#connectTimeout}. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** See {@link Builder#format}. */
  public MessageFormat format() {
    return format;
  }

  /** See {@link Builder#maxMessageSize}. */
  public long maxMessageSize() {
    return maxMessageSize;
  }

  /** See {@link Builder#httpVersion}. */
  public HttpVersion httpVersion() {
    return httpVersion;
  }

  /** See {@link Builder#cursorParam}. */
  public String cursorParam() {
    return cursorParam;
  }

  /** See {@link Builder#deliveryQueueCapacity}. */
  public int deliveryQueueCapacity() {
    return deliveryQueueCapacity;
  }

  /** See {@link Builder#deliveryQueueBytes}. */
  public long deliveryQueueBytes() {
    return deliveryQueueBytes;
  }

  /**
   * See {@link Builder#pollMaxBodySize}: the configured limit, or {@link
   * io.tidings.spi.HttpPoller#bodyLimit(long)} of {@link #maxMessageSize()} when none was set.
   */
  public long pollMaxBodySize() {
    return pollMaxBodySize > 0
        ? pollMaxBodySize
        : io.tidings.spi.HttpPoller.bodyLimit(maxMessageSize);
  }

  /** See {@link Builder#pollMaxBatchSize}. */
  public int pollMaxBatchSize() {
    return pollMaxBatchSize;
  }

  /** See {@link Builder#shortPollInterval}. */
  public Duration shortPollInterval() {
    return shortPollInterval;
  }

  /** See {@link Builder#shortPollJitter}. */
  public double shortPollJitter() {
    return shortPollJitter;
  }

  /** Lower bound of the adaptive short-poll interval; empty when not adaptive. */
  public Optional<Duration> shortPollMinInterval() {
    return Optional.ofNullable(shortPollMinInterval);
  }

  /** Upper bound of the adaptive short-poll interval; empty when not adaptive. */
  public Optional<Duration> shortPollMaxInterval() {
    return Optional.ofNullable(shortPollMaxInterval);
  }

  /** See {@link Builder#longPollWait}. */
  public Duration longPollWait() {
    return longPollWait;
  }

  /** See {@link Builder#longPollWaitParam}. */
  public String longPollWaitParam() {
    return longPollWaitParam;
  }

  /** See {@link Builder#longPollMinInterval}. */
  public Duration longPollMinInterval() {
    return longPollMinInterval;
  }

  /** See {@link Builder#webSocketPingInterval}. */
  public Duration webSocketPingInterval() {
    return webSocketPingInterval;
  }

  /** See {@link Builder#webSocketSubprotocols}. */
  public List<String> webSocketSubprotocols() {
    return webSocketSubprotocols;
  }

  /** See {@link Builder#webSocketResumeMessage}; empty means the cursor goes in the query. */
  public Optional<String> webSocketResumeMessage() {
    return Optional.ofNullable(webSocketResumeMessage);
  }

  /** See {@link Builder#webSocketFatalCloseCodes}. */
  public Set<Integer> webSocketFatalCloseCodes() {
    return webSocketFatalCloseCodes;
  }

  /** See {@link Builder#webSocketSendBuffer}. */
  public long webSocketSendBuffer() {
    return webSocketSendBuffer;
  }

  /** See {@link Builder#executor}; empty means Tidings starts its own threads. */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /** See {@link Builder#httpClient}; empty means Tidings' shared client. */
  public Optional<OkHttpClient> httpClient() {
    return Optional.ofNullable(httpClient);
  }

  /** See {@link Builder#objectMapper}; empty means Tidings' shared mapper. */
  public Optional<ObjectMapper> objectMapper() {
    return Optional.ofNullable(objectMapper);
  }

  /** The headers with redacted values replaced by {@code ██}, for logs and messages. */
  public Map<String, String> headersForDisplay() {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach((k, v) -> shown.put(k, isRedacted(k) ? "██" : v));
    return shown;
  }

  @Override
  public String toString() {
    return "SubscriptionConfig{name="
        + name
        + ", transports="
        + transports
        + ", url="
        + ConfigLoader.displayUrl(url)
        + ", headers="
        + headersForDisplay()
        + ", reconnect="
        + reconnectPolicy
        + ", ordering="
        + orderingPolicy
        + ", stallTimeout="
        + stallTimeout
        + ", format="
        + format
        + ", maxMessageSize="
        + maxMessageSize
        + ", httpVersion="
        + httpVersion
        + '}';
  }

  /** Builds a {@link SubscriptionConfig}. Not thread-safe. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private List<String> transports = List.of(DEFAULT_TRANSPORT);
    private URI url;
    private Map<String, String> headers = new LinkedHashMap<>();
    private Set<String> redactedHeaders = new TreeSet<>();
    private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
    private OrderingPolicy orderingPolicy = OrderingPolicy.deduplicate();
    private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private MessageFormat format = DEFAULT_FORMAT;
    private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private HttpVersion httpVersion = DEFAULT_HTTP_VERSION;
    private String cursorParam = DEFAULT_CURSOR_PARAM;
    private int deliveryQueueCapacity = DEFAULT_DELIVERY_QUEUE_CAPACITY;
    private long deliveryQueueBytes = DEFAULT_DELIVERY_QUEUE_BYTES;
    private long pollMaxBodySize; // 0: derived from maxMessageSize
    private int pollMaxBatchSize = DEFAULT_POLL_MAX_BATCH_SIZE;
    private Duration shortPollInterval = DEFAULT_SHORTPOLL_INTERVAL;
    private double shortPollJitter = DEFAULT_SHORTPOLL_JITTER;
    private Duration shortPollMinInterval;
    private Duration shortPollMaxInterval;
    private Duration longPollWait = DEFAULT_LONGPOLL_WAIT;
    private String longPollWaitParam = DEFAULT_LONGPOLL_WAIT_PARAM;
    private Duration longPollMinInterval = DEFAULT_LONGPOLL_MIN_INTERVAL;
    private Duration webSocketPingInterval = DEFAULT_WEBSOCKET_PING_INTERVAL;
    private List<String> webSocketSubprotocols = List.of();
    private String webSocketResumeMessage;
    private Set<Integer> webSocketFatalCloseCodes = DEFAULT_WEBSOCKET_FATAL_CLOSE_CODES;
    private long webSocketSendBuffer = DEFAULT_WEBSOCKET_SEND_BUFFER;
    private Executor executor;
    private OkHttpClient httpClient;
    private ObjectMapper objectMapper;

    private Builder() {}

    private Builder(SubscriptionConfig c) {
      name = c.name;
      transports = c.transports;
      url = c.url;
      headers = new LinkedHashMap<>(c.headers);
      redactedHeaders = new TreeSet<>(c.redactedHeaders);
      reconnectPolicy = c.reconnectPolicy;
      orderingPolicy = c.orderingPolicy;
      stallTimeout = c.stallTimeout;
      connectTimeout = c.connectTimeout;
      format = c.format;
      maxMessageSize = c.maxMessageSize;
      httpVersion = c.httpVersion;
      cursorParam = c.cursorParam;
      deliveryQueueCapacity = c.deliveryQueueCapacity;
      deliveryQueueBytes = c.deliveryQueueBytes;
      pollMaxBodySize = c.pollMaxBodySize;
      pollMaxBatchSize = c.pollMaxBatchSize;
      shortPollInterval = c.shortPollInterval;
      shortPollJitter = c.shortPollJitter;
      shortPollMinInterval = c.shortPollMinInterval;
      shortPollMaxInterval = c.shortPollMaxInterval;
      longPollWait = c.longPollWait;
      longPollWaitParam = c.longPollWaitParam;
      longPollMinInterval = c.longPollMinInterval;
      webSocketPingInterval = c.webSocketPingInterval;
      webSocketSubprotocols = c.webSocketSubprotocols;
      webSocketResumeMessage = c.webSocketResumeMessage;
      webSocketFatalCloseCodes = c.webSocketFatalCloseCodes;
      webSocketSendBuffer = c.webSocketSendBuffer;
      executor = c.executor;
      httpClient = c.httpClient;
      objectMapper = c.objectMapper;
    }

    /** The subscription's name, used in thread names and logs; default {@link #DEFAULT_NAME}. */
    public Builder name(String name) {
      this.name = requireText(name, "name");
      return this;
    }

    /** The transport; default {@link #DEFAULT_TRANSPORT}. */
    public Builder transport(String transport) {
      return transports(List.of(transport));
    }

    /**
     * Transports to fall back through, first choice first. Only the first is used until fallback
     * lands.
     */
    public Builder transports(List<String> transports) {
      if (transports.isEmpty()) {
        throw new IllegalArgumentException("transports must not be empty");
      }
      List<String> names = new ArrayList<>();
      transports.forEach(t -> names.add(requireText(t, "transport").toLowerCase(Locale.ROOT)));
      this.transports = names;
      return this;
    }

    /** The server URL: {@code http}, {@code https}, {@code ws} or {@code wss}. Required. */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("http", "https", "ws", "wss").contains(scheme) || url.getHost() == null) {
        throw new IllegalArgumentException(
            "url must be an absolute http, https, ws or wss URL, was "
                + ConfigLoader.displayUrl(url));
      }
      this.url = url;
      return this;
    }

    /** The server URL; see {@link #url(URI)}. */
    public Builder url(String url) {
      return url(URI.create(requireText(url, "url")));
    }

    /** Adds or replaces a request header sent on every request and upgrade. */
    public Builder header(String name, String value) {
      requireText(name, "header name");
      Objects.requireNonNull(value, "value");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          // The value is not shown: it may be a secret.
          throw new IllegalArgumentException(
              "header "
                  + name.trim()
                  + " has a control character in its value (at index "
                  + i
                  + ")");
        }
      }
      headers.put(name.trim(), value);
      return this;
    }

    /** Replaces all extra request headers. */
    public Builder headers(Map<String, String> headers) {
      this.headers = new LinkedHashMap<>();
      headers.forEach(this::header);
      return this;
    }

    /**
     * Header names whose values are never shown, beyond {@link #ALWAYS_REDACTED} ({@code
     * tidings.redact}).
     */
    public Builder redactedHeaders(Set<String> names) {
      this.redactedHeaders = new TreeSet<>(names);
      return this;
    }

    /** The reconnect policy; default {@link ReconnectPolicy#defaults()}. */
    public Builder reconnectPolicy(ReconnectPolicy policy) {
      this.reconnectPolicy = Objects.requireNonNull(policy, "reconnectPolicy");
      return this;
    }

    /** The ordering policy; default {@link OrderingPolicy#deduplicate()}. */
    public Builder orderingPolicy(OrderingPolicy policy) {
      this.orderingPolicy = Objects.requireNonNull(policy, "orderingPolicy");
      return this;
    }

    /**
     * No byte, event or heartbeat for this long replaces the connection; default {@link
     * #DEFAULT_STALL_TIMEOUT}. A transport that is quiet by design for longer (a long poll's wait)
     * raises it to what it needs.
     */
    public Builder stallTimeout(Duration stallTimeout) {
      this.stallTimeout = positive(stallTimeout, "stallTimeout");
      return this;
    }

    /** TCP and TLS connect timeout; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** The payload format; default {@link #DEFAULT_FORMAT}. */
    public Builder format(MessageFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Largest message, in bytes; default {@link #DEFAULT_MAX_MESSAGE_SIZE}. A poll response body
     * may hold several messages: unless {@link #pollMaxBodySize} is set, it is limited to {@link
     * io.tidings.spi.HttpPoller#bodyLimit(long) a multiple of this}.
     */
    public Builder maxMessageSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxMessageSize must be at least 1, was " + bytes);
      }
      this.maxMessageSize = bytes;
      return this;
    }

    /** The HTTP version; default {@link #DEFAULT_HTTP_VERSION}. */
    public Builder httpVersion(HttpVersion httpVersion) {
      this.httpVersion = Objects.requireNonNull(httpVersion, "httpVersion");
      return this;
    }

    /** Query parameter for the resume cursor; default {@link #DEFAULT_CURSOR_PARAM}. */
    public Builder cursorParam(String cursorParam) {
      this.cursorParam = requireText(cursorParam, "cursorParam");
      return this;
    }

    /**
     * Messages that may wait for the listener; when full, the network is read no further until
     * there is room (nothing is dropped). Default {@link #DEFAULT_DELIVERY_QUEUE_CAPACITY}.
     */
    public Builder deliveryQueueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException(
            "deliveryQueueCapacity must be at least 1, was " + capacity);
      }
      this.deliveryQueueCapacity = capacity;
      return this;
    }

    /**
     * Bytes of messages that may wait for the listener; when reached, the network is read no
     * further until there is room (nothing is dropped). A message is counted by its size (UTF-16
     * characters count as bytes), so the queue may overshoot by one message. Default {@link
     * #DEFAULT_DELIVERY_QUEUE_BYTES}.
     */
    public Builder deliveryQueueBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("deliveryQueueBytes must be at least 1, was " + bytes);
      }
      this.deliveryQueueBytes = bytes;
      return this;
    }

    /**
     * Largest poll response body, in bytes after decompression. Bodies are read as a stream, so
     * this bounds how long one poll may read, not memory; a body over it ends the poll with a
     * {@link MessageTooLargeException} after delivering the messages before the limit. Default
     * (when not set, or 0): {@link io.tidings.spi.HttpPoller#bodyLimit(long)}, {@link
     * io.tidings.spi.HttpPoller#BODY_LIMIT_FACTOR} × {@link #maxMessageSize} and at least {@link
     * io.tidings.spi.HttpPoller#MIN_BODY_LIMIT}.
     */
    public Builder pollMaxBodySize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("pollMaxBodySize must not be negative, was " + bytes);
      }
      this.pollMaxBodySize = bytes;
      return this;
    }

    /**
     * Envelopes read from one poll batch; the rest of a longer batch is not read (the next poll
     * resumes from the last delivered id, and an error reports it). Default {@link
     * #DEFAULT_POLL_MAX_BATCH_SIZE}.
     */
    public Builder pollMaxBatchSize(int messages) {
      if (messages < 1) {
        throw new IllegalArgumentException("pollMaxBatchSize must be at least 1, was " + messages);
      }
      this.pollMaxBatchSize = messages;
      return this;
    }

    /** Time between short polls; default {@link #DEFAULT_SHORTPOLL_INTERVAL}. */
    public Builder shortPollInterval(Duration interval) {
      this.shortPollInterval = positive(interval, "shortPollInterval");
      return this;
    }

    /**
     * Random share of the short-poll interval, in [0, 1); default {@link
     * #DEFAULT_SHORTPOLL_JITTER}.
     */
    public Builder shortPollJitter(double jitter) {
      if (!(jitter >= 0.0 && jitter < 1.0)) {
        throw new IllegalArgumentException("shortPollJitter must be in [0, 1), was " + jitter);
      }
      this.shortPollJitter = jitter;
      return this;
    }

    /**
     * Makes short polling adaptive between {@code min} and {@code max}: faster while data flows,
     * slower while polls come back empty. Pass nulls to turn it off (the default).
     */
    public Builder shortPollAdaptive(Duration min, Duration max) {
      if ((min == null) != (max == null)) {
        throw new IllegalArgumentException("set both shortPoll min and max interval, or neither");
      }
      if (min != null) {
        positive(min, "shortPollMinInterval");
        positive(max, "shortPollMaxInterval");
        if (max.compareTo(min) < 0) {
          throw new IllegalArgumentException(
              "shortPoll max interval (" + max + ") is less than min interval (" + min + ")");
        }
      }
      this.shortPollMinInterval = min;
      this.shortPollMaxInterval = max;
      return this;
    }

    /** How long the server may hold a long poll; default {@link #DEFAULT_LONGPOLL_WAIT}. */
    public Builder longPollWait(Duration wait) {
      this.longPollWait = positive(wait, "longPollWait");
      return this;
    }

    /**
     * Query parameter carrying the wait in seconds; default {@link #DEFAULT_LONGPOLL_WAIT_PARAM}.
     */
    public Builder longPollWaitParam(String param) {
      this.longPollWaitParam = requireText(param, "longPollWaitParam");
      return this;
    }

    /**
     * The pause before the next long poll after an empty answer (204, 304, no messages) that came
     * back in less than half the wait: the server or a proxy did not hold the poll, so polling
     * again at once would be a request storm. Polls that bring messages, and empty ones that were
     * held, are followed by the next poll at once. Default {@link #DEFAULT_LONGPOLL_MIN_INTERVAL}.
     */
    public Builder longPollMinInterval(Duration interval) {
      this.longPollMinInterval = positive(interval, "longPollMinInterval");
      return this;
    }

    /**
     * WebSocket ping interval, or zero for none; default {@link #DEFAULT_WEBSOCKET_PING_INTERVAL}.
     */
    public Builder webSocketPingInterval(Duration interval) {
      Objects.requireNonNull(interval, "webSocketPingInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("webSocketPingInterval must not be negative");
      }
      this.webSocketPingInterval = interval;
      return this;
    }

    /** Subprotocols offered on the WebSocket upgrade ({@code Sec-WebSocket-Protocol}). */
    public Builder webSocketSubprotocols(List<String> subprotocols) {
      this.webSocketSubprotocols = List.copyOf(subprotocols);
      return this;
    }

    /**
     * A message sent when a WebSocket opens, to resume: {@code ${lastEventId}} in it is replaced by
     * the cursor (JSON-escaped). Null (the default) sends the cursor as a query parameter.
     */
    public Builder webSocketResumeMessage(String template) {
      this.webSocketResumeMessage = template;
      return this;
    }

    /**
     * WebSocket close codes that end the subscription; default {@link
     * #DEFAULT_WEBSOCKET_FATAL_CLOSE_CODES}.
     */
    public Builder webSocketFatalCloseCodes(Set<Integer> codes) {
      this.webSocketFatalCloseCodes = new TreeSet<>(codes);
      return this;
    }

    /**
     * Bytes that may wait to be sent before {@code send} fails with {@link FailureKind#OVERFLOW};
     * default {@link #DEFAULT_WEBSOCKET_SEND_BUFFER}.
     */
    public Builder webSocketSendBuffer(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("webSocketSendBuffer must be at least 1, was " + bytes);
      }
      this.webSocketSendBuffer = bytes;
      return this;
    }

    /**
     * Runs the subscription's delivery loop and blocking I/O. It must start every task promptly and
     * may not run them on the caller's thread: each subscription keeps one task running for its
     * lifetime, plus one per blocking read. {@code Executors.newVirtualThreadPerTaskExecutor()}
     * fits well on JDK 21+. Null (the default) starts a named platform thread per task. Tidings
     * never shuts down an executor it was given.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * The OkHttp client to derive connections from (sharing its pool and dispatcher). Null (the
     * default) uses Tidings' shared client, whose dispatcher has no request limits. Tidings never
     * shuts down a client it was given. Each open WebSocket holds one of the dispatcher's running
     * calls for its lifetime, so with OkHttp's default {@code Dispatcher} (64 calls) the 65th
     * WebSocket of that client waits: raise {@code Dispatcher.setMaxRequests} for many sockets.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** The Jackson mapper for envelopes and {@link Message#as}; null for Tidings' shared one. */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = objectMapper;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalStateException when no URL was set
     */
    public SubscriptionConfig build() {
      if (url == null) {
        throw new IllegalStateException("url is required (tidings.url)");
      }
      return new SubscriptionConfig(this);
    }

    private static String requireText(String s, String what) {
      Objects.requireNonNull(s, what);
      if (s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return s.trim();
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
