package io.tidings;

import io.tidings.internal.ConfigLoader;
import io.tidings.internal.ConfigValues;
import io.tidings.internal.CoreKeys;
import io.tidings.internal.TlsSetting;
import io.tidings.spi.ConfigOption;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Everything a subscription needs: where, over which transport, and with which policies. Immutable
 * and thread-safe. Load one from a properties file with {@link #load(Path)} (every key, its default
 * and meaning: docs/CONFIGURATION.md), or build one with {@link #builder()}; adjust a loaded one
 * with {@link #toBuilder()}. Transports declare their own keys ({@link ConfigOption}); set them
 * with {@link Builder#option} and read them with {@link #option}. Equal configurations have equal
 * values. Each builder setter names the key that sets the same in a file; those that take objects
 * (credentials provider, request customizer, cursor store) have none. What runs a subscription (the
 * executor, OkHttp client and Jackson mapper) is not part of it: see {@link TidingsClient}.
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

  /** Default {@code tidings.fallback.probe-interval}: 5 minutes. */
  public static final Duration DEFAULT_FALLBACK_PROBE_INTERVAL = Duration.ofMinutes(5);

  /** Payload format: JSON envelopes. */
  public static final MessageFormat DEFAULT_FORMAT = MessageFormat.JSON;

  /** Largest message accepted: 8 MiB. A poll response body may be larger. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 8L * 1024 * 1024;

  /** HTTP version: HTTP/2 over TLS when offered, else HTTP/1.1. */
  public static final HttpVersion DEFAULT_HTTP_VERSION = HttpVersion.AUTO;

  /** Query parameter carrying the resume cursor on polls and WebSocket upgrades: {@value}. */
  public static final String DEFAULT_CURSOR_PARAM = "lastEventId";

  /** Messages waiting for the listener before the network is read no further: 1024. */
  public static final int DEFAULT_DELIVERY_QUEUE_CAPACITY = 1024;

  /**
   * Bytes of messages that may wait for the listener before the network is read no further: 16 MiB.
   * Bounds the delivery queue in bytes as {@link #DEFAULT_DELIVERY_QUEUE_CAPACITY} bounds it in
   * messages; whichever is reached first pauses the network.
   */
  public static final long DEFAULT_DELIVERY_QUEUE_BYTES = 16L * 1024 * 1024;

  /** Headers whose values are never shown: authorization, cookie, proxy-authorization. */
  public static final Set<String> ALWAYS_REDACTED =
      Collections.unmodifiableSet(
          new TreeSet<>(Set.of("authorization", "cookie", "proxy-authorization")));

  /** A frozen copy: the fields are the builder's, declared once there. */
  private final Builder v;

  private SubscriptionConfig(Builder b) {
    this.v = b.copy();
  }

  /** A builder with every {@code DEFAULT_*} value; {@link Builder#url} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return v.copy();
  }

  /**
   * Loads the top-level subscription from a properties file (UTF-8), then applies environment and
   * system-property overrides. The keys are core's and those of the transports on the class path.
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
    return v.name;
  }

  /** The transports to use, first choice first; never empty. */
  public List<String> transports() {
    return v.transports;
  }

  /** The first-choice transport. */
  public String transport() {
    return v.transports.get(0);
  }

  /** The server URL ({@code http}, {@code https}, {@code ws} or {@code wss}). */
  public URI url() {
    return v.url;
  }

  /** Extra request headers, in configuration order. Unmodifiable. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(v.headers);
  }

  /** Lower-case names of headers whose values are never shown. Unmodifiable. */
  public Set<String> redactedHeaders() {
    return Collections.unmodifiableSet(v.redactedHeaders);
  }

  /** True when the header's value must never be shown. */
  public boolean isRedacted(String headerName) {
    return v.redactedHeaders.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /** See {@link Builder#reconnectPolicy}. */
  public ReconnectPolicy reconnectPolicy() {
    return v.reconnectPolicy;
  }

  /** See {@link Builder#orderingPolicy}. */
  public OrderingPolicy orderingPolicy() {
    return v.orderingPolicy;
  }

  /**
   * The value of an option (a transport's, such as {@code LongPollTransportProvider.WAIT}): as set,
   * else its default, which may be null for an option without one.
   */
  @SuppressWarnings("unchecked")
  public <T> T option(ConfigOption<T> option) {
    Object value = v.options.get(option);
    return value == null ? option.defaultValue() : (T) value;
  }

  /** The options set to something other than their default, by option. Unmodifiable. */
  public Map<ConfigOption<?>, Object> options() {
    return Collections.unmodifiableMap(v.options);
  }

  /** See {@link Builder#stallTimeout}. */
  public Duration stallTimeout() {
    return option(CoreKeys.STALL_TIMEOUT);
  }

  /** See {@link Builder#connectTimeout}. */
  public Duration connectTimeout() {
    return option(CoreKeys.CONNECT_TIMEOUT);
  }

  /** See {@link Builder#format}. */
  public MessageFormat format() {
    return option(CoreKeys.FORMAT);
  }

  /** See {@link Builder#maxMessageSize}. */
  public long maxMessageSize() {
    return option(CoreKeys.MAX_MESSAGE_SIZE);
  }

  /** See {@link Builder#httpVersion}. */
  public HttpVersion httpVersion() {
    return option(CoreKeys.HTTP_VERSION);
  }

  /** See {@link Builder#cursorParam}. */
  public String cursorParam() {
    return option(CoreKeys.CURSOR_PARAM);
  }

  /** See {@link Builder#deliveryQueueCapacity}. */
  public int deliveryQueueCapacity() {
    return option(CoreKeys.DELIVERY_QUEUE_CAPACITY);
  }

  /** See {@link Builder#deliveryQueueBytes}. */
  public long deliveryQueueBytes() {
    return option(CoreKeys.DELIVERY_QUEUE_BYTES);
  }

  /** See {@link Builder#startAfter}. */
  public Optional<String> startAfter() {
    return Optional.ofNullable(option(CoreKeys.RESUME_START_AFTER));
  }

  /** See {@link Builder#credentials}. */
  public Optional<CredentialsProvider> credentials() {
    return Optional.ofNullable(v.credentials);
  }

  /** See {@link Builder#fallbackProbeInterval}. */
  public Duration fallbackProbeInterval() {
    return option(CoreKeys.FALLBACK_PROBE_INTERVAL);
  }

  /** See {@link Builder#credentialsTimeout}. */
  public Duration credentialsTimeout() {
    return option(CoreKeys.CREDENTIALS_TIMEOUT);
  }

  /** See {@link Builder#refreshCredentialsOn403}. */
  public boolean refreshCredentialsOn403() {
    return option(CoreKeys.CREDENTIALS_REFRESH_ON_403);
  }

  /** See {@link Builder#requestCustomizer}. */
  public Optional<RequestCustomizer> requestCustomizer() {
    return Optional.ofNullable(v.requestCustomizer);
  }

  /**
   * The store a new subscription loads its resume point from: the one given to {@link
   * Builder#cursorStore}, else a new {@link CursorStore#file file store} when {@code
   * tidings.cursor-store} is set. Each call makes a new file store, one per subscription.
   */
  public Optional<CursorStore> cursorStore() {
    if (v.cursorStore != null) {
      return Optional.of(v.cursorStore);
    }
    Path file = option(CoreKeys.CURSOR_STORE);
    return file == null
        ? Optional.empty()
        : Optional.of(CursorStore.file(file, option(CoreKeys.CURSOR_STORE_INTERVAL)));
  }

  /** The headers with redacted values replaced by {@code ██}, for logs and messages. */
  public Map<String, String> headersForDisplay() {
    Map<String, String> shown = new LinkedHashMap<>();
    v.headers.forEach((k, value) -> shown.put(k, isRedacted(k) ? "██" : value));
    return shown;
  }

  /**
   * Equal when every value is: name, transports, URL, headers (in order), redaction, policies,
   * options, credentials provider, request customizer and cursor store (the last three by their
   * {@code equals}, which for a lambda is identity).
   */
  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof SubscriptionConfig
            && v.values().equals(((SubscriptionConfig) o).v.values()));
  }

  @Override
  public int hashCode() {
    return v.values().hashCode();
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    v.options.forEach(
        (k, value) -> shown.put(k.name(), k.name().endsWith("-password") ? "██" : value));
    return "SubscriptionConfig{name="
        + v.name
        + ", transports="
        + v.transports
        + ", url="
        + ConfigLoader.displayUrl(v.url)
        + ", headers="
        + headersForDisplay()
        + ", reconnect="
        + v.reconnectPolicy
        + ", ordering="
        + v.orderingPolicy
        + ", options="
        + shown
        + '}';
  }

  /** Builds a {@link SubscriptionConfig}. Not thread-safe. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private List<String> transports = List.of(DEFAULT_TRANSPORT);
    private URI url;
    private Map<String, String> headers = new LinkedHashMap<>();
    private Set<String> redactedHeaders = new TreeSet<>(ALWAYS_REDACTED);
    private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
    private OrderingPolicy orderingPolicy = OrderingPolicy.deduplicate();
    private Map<ConfigOption<?>, Object> options = new LinkedHashMap<>();
    private CredentialsProvider credentials;
    private RequestCustomizer requestCustomizer;
    private CursorStore cursorStore;

    private Builder() {}

    /** A copy whose collections are its own. */
    private Builder copy() {
      Builder b = new Builder();
      b.name = name;
      b.transports = transports;
      b.url = url;
      b.headers = new LinkedHashMap<>(headers);
      b.redactedHeaders = new TreeSet<>(redactedHeaders);
      b.reconnectPolicy = reconnectPolicy;
      b.orderingPolicy = orderingPolicy;
      b.options = new LinkedHashMap<>(options);
      b.credentials = credentials;
      b.requestCustomizer = requestCustomizer;
      b.cursorStore = cursorStore;
      return b;
    }

    /** Every value, for {@code equals} and {@code hashCode}; headers in order. */
    private List<Object> values() {
      return Arrays.asList(
          name,
          transports,
          url,
          List.copyOf(headers.entrySet()),
          redactedHeaders,
          reconnectPolicy,
          orderingPolicy,
          options,
          credentials,
          requestCustomizer,
          cursorStore);
    }

    /**
     * The subscription's name, used in thread names and logs; default {@link #DEFAULT_NAME}. In a
     * file, the {@code NAME} of {@code tidings.subscriptions.NAME.*}.
     */
    public Builder name(String name) {
      this.name = requireText(name, "name");
      return this;
    }

    /** The transport ({@code tidings.transport}); default {@link #DEFAULT_TRANSPORT}. */
    public Builder transport(String transport) {
      return transports(List.of(transport));
    }

    /**
     * Transports to fall back through, first choice first ({@code tidings.transport=a,b}). Only the
     * first is used until fallback lands.
     */
    public Builder transports(List<String> transports) {
      if (transports.isEmpty()) {
        throw new IllegalArgumentException("transports must not be empty");
      }
      List<String> names = new ArrayList<>();
      transports.forEach(t -> names.add(requireText(t, "transport").toLowerCase(Locale.ROOT)));
      this.transports = List.copyOf(names);
      return this;
    }

    /**
     * The server URL ({@code tidings.url}): {@code http}, {@code https}, {@code ws} or {@code wss}.
     * Required.
     */
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

    /**
     * Adds or replaces a request header sent on every request and upgrade ({@code
     * tidings.headers.NAME}).
     */
    public Builder header(String name, String value) {
      requireText(name, "header name");
      int i = ConfigValues.controlCharacterAt(Objects.requireNonNull(value, "value"));
      if (i >= 0) { // the value is not shown: it may be a secret
        throw new IllegalArgumentException(
            "header " + name.trim() + " has a control character in its value (at index " + i + ")");
      }
      headers.put(name.trim(), value);
      return this;
    }

    /** Replaces all extra request headers ({@code tidings.headers.*}). */
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
      this.redactedHeaders = new TreeSet<>(ALWAYS_REDACTED);
      names.forEach(h -> redactedHeaders.add(h.toLowerCase(Locale.ROOT)));
      return this;
    }

    /**
     * The reconnect policy ({@code tidings.reconnect.*}); default {@link
     * ReconnectPolicy#defaults()}.
     */
    public Builder reconnectPolicy(ReconnectPolicy policy) {
      this.reconnectPolicy = Objects.requireNonNull(policy, "reconnectPolicy");
      return this;
    }

    /**
     * The ordering policy ({@code tidings.ordering}, {@code tidings.ordering.*}); default {@link
     * OrderingPolicy#deduplicate()}.
     */
    public Builder orderingPolicy(OrderingPolicy policy) {
      this.orderingPolicy = Objects.requireNonNull(policy, "orderingPolicy");
      return this;
    }

    /**
     * Sets an option, such as a transport's ({@code option(LongPollTransportProvider.WAIT,
     * Duration.ofSeconds(20))}); null or the default unsets it.
     *
     * @throws IllegalArgumentException naming the key when the option does not accept the value
     */
    public <T> Builder option(ConfigOption<T> option, T value) {
      T checked = option.check(value);
      if (checked == null || checked.equals(option.defaultValue())) {
        options.remove(option);
      } else {
        options.put(option, checked);
      }
      return this;
    }

    /**
     * No byte, event or heartbeat for this long replaces the connection ({@code
     * tidings.stall-timeout}); default {@link #DEFAULT_STALL_TIMEOUT}. A transport that is quiet by
     * design for longer (a long poll's wait) raises it to what it needs.
     */
    public Builder stallTimeout(Duration stallTimeout) {
      return option(CoreKeys.STALL_TIMEOUT, Objects.requireNonNull(stallTimeout, "stallTimeout"));
    }

    /**
     * TCP and TLS connect timeout ({@code tidings.connect-timeout}); default {@link
     * #DEFAULT_CONNECT_TIMEOUT}.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      return option(
          CoreKeys.CONNECT_TIMEOUT, Objects.requireNonNull(connectTimeout, "connectTimeout"));
    }

    /** The payload format ({@code tidings.format}); default {@link #DEFAULT_FORMAT}. */
    public Builder format(MessageFormat format) {
      return option(CoreKeys.FORMAT, Objects.requireNonNull(format, "format"));
    }

    /**
     * Largest message, in bytes ({@code tidings.max-message-size}); default {@link
     * #DEFAULT_MAX_MESSAGE_SIZE}. A poll response body may hold several messages and has a larger
     * limit.
     */
    public Builder maxMessageSize(long bytes) {
      return option(CoreKeys.MAX_MESSAGE_SIZE, bytes);
    }

    /** The HTTP version ({@code tidings.http.version}); default {@link #DEFAULT_HTTP_VERSION}. */
    public Builder httpVersion(HttpVersion httpVersion) {
      return option(CoreKeys.HTTP_VERSION, Objects.requireNonNull(httpVersion, "httpVersion"));
    }

    /**
     * Query parameter for the resume cursor ({@code tidings.cursor-param}); default {@link
     * #DEFAULT_CURSOR_PARAM}.
     */
    public Builder cursorParam(String cursorParam) {
      return option(CoreKeys.CURSOR_PARAM, requireText(cursorParam, "cursorParam"));
    }

    /**
     * Messages that may wait for the listener; when full, the network is read no further until
     * there is room (nothing is dropped) ({@code tidings.delivery.queue-capacity}). Default {@link
     * #DEFAULT_DELIVERY_QUEUE_CAPACITY}.
     */
    public Builder deliveryQueueCapacity(int capacity) {
      return option(CoreKeys.DELIVERY_QUEUE_CAPACITY, capacity);
    }

    /**
     * Bytes of messages that may wait for the listener; when reached, the network is read no
     * further until there is room (nothing is dropped). A message is counted by {@link
     * Message#size()}, so the queue may overshoot by one chunk. The {@code ordered} re-order buffer
     * holds at most this many bytes too. Default {@link #DEFAULT_DELIVERY_QUEUE_BYTES}.
     */
    public Builder deliveryQueueBytes(long bytes) {
      return option(CoreKeys.DELIVERY_QUEUE_BYTES, bytes);
    }

    /**
     * Resume after this id when the subscription starts, as if the message with this id had just
     * been delivered ({@code tidings.resume.start-after}); null starts from the live edge. A {@link
     * #cursorStore cursor store} that holds an id wins over it.
     */
    public Builder startAfter(String lastEventId) {
      return option(CoreKeys.RESUME_START_AFTER, lastEventId);
    }

    /**
     * Keeps the resume point across restarts of the application: loaded at start, saved after each
     * delivered message, flushed on close. No key: in a file, use {@code tidings.cursor-store};
     * this store wins over it. Null (the default) keeps it in memory only. The store must not be
     * shared by two live subscriptions.
     */
    public Builder cursorStore(CursorStore store) {
      this.cursorStore = store;
      return this;
    }

    /**
     * Keeps the resume point in this file ({@code tidings.cursor-store=file:<path>}), written at
     * most once per {@code interval} ({@code tidings.cursor-store.interval}, default {@link
     * CursorStore#DEFAULT_FILE_INTERVAL}) and on close; null for none.
     */
    public Builder cursorStoreFile(Path file, Duration interval) {
      option(CoreKeys.CURSOR_STORE, file);
      return option(CoreKeys.CURSOR_STORE_INTERVAL, interval);
    }

    /**
     * Asked for headers before every connection attempt of every transport; see {@link
     * CredentialsProvider}. Null (the default) sends only the configured headers. Code only: no
     * key.
     */
    public Builder credentials(CredentialsProvider provider) {
      this.credentials = provider;
      return this;
    }

    /**
     * While a fallback transport carries the subscription, how often the first transport of {@link
     * #transports} is probed again ({@code tidings.fallback.probe-interval}); zero never probes.
     * Default {@link #DEFAULT_FALLBACK_PROBE_INTERVAL}.
     */
    public Builder fallbackProbeInterval(Duration interval) {
      return option(CoreKeys.FALLBACK_PROBE_INTERVAL, Objects.requireNonNull(interval, "interval"));
    }

    /**
     * How long the {@link #credentials} provider may take ({@code tidings.credentials.timeout});
     * default {@link CredentialsProvider#DEFAULT_TIMEOUT}.
     */
    public Builder credentialsTimeout(Duration timeout) {
      return option(CoreKeys.CREDENTIALS_TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Whether a 403 also asks the {@link #credentials} provider for fresh credentials once, as a
     * 401 always does ({@code tidings.credentials.refresh-on-403}); default false.
     */
    public Builder refreshCredentialsOn403(boolean refresh) {
      return option(CoreKeys.CREDENTIALS_REFRESH_ON_403, refresh);
    }

    /**
     * Shapes each attempt's request; see {@link RequestCustomizer}. Null (the default) for none.
     * Code only: no key.
     */
    public Builder requestCustomizer(RequestCustomizer customizer) {
      this.requestCustomizer = customizer;
      return this;
    }

    /**
     * Routes every transport through a proxy ({@code tidings.proxy}): {@code
     * http://[user:password@]host:port} or {@code socks://[user:password@]host:port} (SOCKS5, the
     * credentials sent by this subscription's client, never set JVM-wide); null for none.
     *
     * @throws IllegalArgumentException when the URL is not a proxy URL
     */
    public Builder proxy(String proxyUrl) {
      return option(CoreKeys.PROXY, proxyUrl == null ? null : ConfigValues.proxy(proxyUrl));
    }

    /**
     * Trusts the CAs of this store instead of the JDK's ({@code tidings.tls.trust-store}, {@code
     * -type}, {@code -password}); a null path for the JDK's.
     */
    public Builder trustStore(Path store, String type, String password) {
      option(CoreKeys.TLS_TRUST_STORE, store);
      option(CoreKeys.TLS_TRUST_STORE_TYPE, type);
      return option(CoreKeys.TLS_TRUST_STORE_PASSWORD, password);
    }

    /**
     * Presents this store's certificate for mutual TLS ({@code tidings.tls.key-store}, {@code
     * -type}, {@code -password}, which is also the key's); a null path for none.
     */
    public Builder keyStore(Path store, String type, String password) {
      option(CoreKeys.TLS_KEY_STORE, store);
      option(CoreKeys.TLS_KEY_STORE_TYPE, type);
      return option(CoreKeys.TLS_KEY_STORE_PASSWORD, password);
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalStateException when no URL was set
     * @throws ConfigurationException naming the key when a TLS store cannot be read
     */
    public SubscriptionConfig build() {
      if (url == null) {
        throw new IllegalStateException("url is required (tidings.url)");
      }
      SubscriptionConfig config = new SubscriptionConfig(this);
      TlsSetting.of(config); // a missing store or a wrong password fails here, naming the key
      return config;
    }

    private static String requireText(String s, String what) {
      Objects.requireNonNull(s, what);
      if (s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return s.trim();
    }
  }
}
