package io.tidings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.internal.ConfigLoader;
import io.tidings.internal.ConfigValues;
import io.tidings.internal.CoreKeys;
import io.tidings.internal.TlsSetting;
import io.tidings.spi.ConfigOption;
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
 * or build one with {@link #builder()}; adjust a loaded one with {@link #toBuilder()}. Transports
 * declare their own keys ({@link ConfigOption}); set them with {@link Builder#option} and read them
 * with {@link #option}. Equal configurations have equal values.
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

  private final String name;
  private final List<String> transports;
  private final URI url;
  private final Map<String, String> headers;
  private final Set<String> redactedHeaders;
  private final ReconnectPolicy reconnectPolicy;
  private final OrderingPolicy orderingPolicy;
  private final Map<ConfigOption<?>, Object> options;
  private final Executor executor;
  private final OkHttpClient httpClient;
  private final ObjectMapper objectMapper;
  private final CredentialsProvider credentials;
  private final RequestCustomizer requestCustomizer;
  private final CursorStore cursorStore;

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
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
    this.executor = b.executor;
    this.httpClient = b.httpClient;
    this.objectMapper = b.objectMapper;
    this.credentials = b.credentials;
    this.requestCustomizer = b.requestCustomizer;
    this.cursorStore = b.cursorStore;
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

  /**
   * The value of an option (a transport's, such as {@code LongPollTransportProvider.WAIT}): as set,
   * else its default, which may be null for an option without one.
   */
  @SuppressWarnings("unchecked")
  public <T> T option(ConfigOption<T> option) {
    Object v = options.get(option);
    return v == null ? option.defaultValue() : (T) v;
  }

  /** The options set to something other than their default, by option. Unmodifiable. */
  public Map<ConfigOption<?>, Object> options() {
    return options;
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

  /** See {@link Builder#startAfter}. */
  public Optional<String> startAfter() {
    return Optional.ofNullable(option(CoreKeys.RESUME_START_AFTER));
  }

  /** See {@link Builder#credentials}. */
  public Optional<CredentialsProvider> credentials() {
    return Optional.ofNullable(credentials);
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
    return Optional.ofNullable(requestCustomizer);
  }

  /**
   * The store a new subscription loads its resume point from: the one given to {@link
   * Builder#cursorStore}, else a new {@link CursorStore#file file store} when {@code
   * tidings.cursor-store} is set. Each call makes a new file store, one per subscription.
   */
  public Optional<CursorStore> cursorStore() {
    if (cursorStore != null) {
      return Optional.of(cursorStore);
    }
    Path file = option(CoreKeys.CURSOR_STORE);
    return file == null
        ? Optional.empty()
        : Optional.of(CursorStore.file(file, option(CoreKeys.CURSOR_STORE_INTERVAL)));
  }

  /** The headers with redacted values replaced by {@code ██}, for logs and messages. */
  public Map<String, String> headersForDisplay() {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach((k, v) -> shown.put(k, isRedacted(k) ? "██" : v));
    return shown;
  }

  /**
   * Equal when every value is: name, transports, URL, headers (in order), redaction, policies,
   * options, and the same executor, HTTP client, object mapper, credentials provider, request
   * customizer and cursor store instances.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SubscriptionConfig)) {
      return false;
    }
    SubscriptionConfig c = (SubscriptionConfig) o;
    return name.equals(c.name)
        && transports.equals(c.transports)
        && url.equals(c.url)
        && List.copyOf(headers.entrySet()).equals(List.copyOf(c.headers.entrySet()))
        && redactedHeaders.equals(c.redactedHeaders)
        && reconnectPolicy.equals(c.reconnectPolicy)
        && orderingPolicy.equals(c.orderingPolicy)
        && options.equals(c.options)
        && executor == c.executor
        && httpClient == c.httpClient
        && objectMapper == c.objectMapper
        && credentials == c.credentials
        && requestCustomizer == c.requestCustomizer
        && cursorStore == c.cursorStore;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        transports,
        url,
        headers,
        redactedHeaders,
        reconnectPolicy,
        orderingPolicy,
        options,
        System.identityHashCode(executor),
        System.identityHashCode(httpClient),
        System.identityHashCode(objectMapper),
        System.identityHashCode(credentials),
        System.identityHashCode(requestCustomizer),
        System.identityHashCode(cursorStore));
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    options.forEach((k, v) -> shown.put(k.name(), k.name().endsWith("-password") ? "██" : v));
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
    private Set<String> redactedHeaders = new TreeSet<>();
    private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
    private OrderingPolicy orderingPolicy = OrderingPolicy.deduplicate();
    private final Map<ConfigOption<?>, Object> options = new LinkedHashMap<>();
    private Executor executor;
    private OkHttpClient httpClient;
    private ObjectMapper objectMapper;
    private CredentialsProvider credentials;
    private RequestCustomizer requestCustomizer;
    private CursorStore cursorStore;

    private Builder() {}

    private Builder(SubscriptionConfig c) {
      name = c.name;
      transports = c.transports;
      url = c.url;
      headers = new LinkedHashMap<>(c.headers);
      redactedHeaders = new TreeSet<>(c.redactedHeaders);
      reconnectPolicy = c.reconnectPolicy;
      orderingPolicy = c.orderingPolicy;
      options.putAll(c.options);
      executor = c.executor;
      httpClient = c.httpClient;
      objectMapper = c.objectMapper;
      credentials = c.credentials;
      requestCustomizer = c.requestCustomizer;
      cursorStore = c.cursorStore;
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
     * No byte, event or heartbeat for this long replaces the connection; default {@link
     * #DEFAULT_STALL_TIMEOUT}. A transport that is quiet by design for longer (a long poll's wait)
     * raises it to what it needs.
     */
    public Builder stallTimeout(Duration stallTimeout) {
      return option(CoreKeys.STALL_TIMEOUT, Objects.requireNonNull(stallTimeout, "stallTimeout"));
    }

    /** TCP and TLS connect timeout; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration connectTimeout) {
      return option(
          CoreKeys.CONNECT_TIMEOUT, Objects.requireNonNull(connectTimeout, "connectTimeout"));
    }

    /** The payload format; default {@link #DEFAULT_FORMAT}. */
    public Builder format(MessageFormat format) {
      return option(CoreKeys.FORMAT, Objects.requireNonNull(format, "format"));
    }

    /**
     * Largest message, in bytes; default {@link #DEFAULT_MAX_MESSAGE_SIZE}. A poll response body
     * may hold several messages and has a larger limit.
     */
    public Builder maxMessageSize(long bytes) {
      return option(CoreKeys.MAX_MESSAGE_SIZE, bytes);
    }

    /** The HTTP version; default {@link #DEFAULT_HTTP_VERSION}. */
    public Builder httpVersion(HttpVersion httpVersion) {
      return option(CoreKeys.HTTP_VERSION, Objects.requireNonNull(httpVersion, "httpVersion"));
    }

    /** Query parameter for the resume cursor; default {@link #DEFAULT_CURSOR_PARAM}. */
    public Builder cursorParam(String cursorParam) {
      return option(CoreKeys.CURSOR_PARAM, requireText(cursorParam, "cursorParam"));
    }

    /**
     * Messages that may wait for the listener; when full, the network is read no further until
     * there is room (nothing is dropped). Default {@link #DEFAULT_DELIVERY_QUEUE_CAPACITY}.
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
     * Runs the subscription's listener callbacks (as short tasks, one at a time, in order) and its
     * blocking I/O (one task per blocking read). It must start every task promptly and may not run
     * them on the caller's thread. {@code Executors.newVirtualThreadPerTaskExecutor()} fits well on
     * JDK 21+. Null (the default) delivers on Tidings' shared, bounded delivery pool and starts a
     * named thread per blocking read: a virtual thread on JDK 21+, a platform thread on JDK 17.
     * Tidings never shuts down an executor it was given.
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
     * Resume after this id when the subscription starts, as if the message with this id had just
     * been delivered ({@code tidings.resume.start-after}); null starts from the live edge. A {@link
     * #cursorStore cursor store} that holds an id wins over it.
     */
    public Builder startAfter(String lastEventId) {
      return option(CoreKeys.RESUME_START_AFTER, lastEventId);
    }

    /**
     * Keeps the resume point across restarts of the application: loaded at start, saved after each
     * delivered message, flushed on close. Wins over {@code tidings.cursor-store}. Null (the
     * default) keeps it in memory only. The store must not be shared by two live subscriptions.
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
     * CredentialsProvider}. Null (the default) sends only the configured headers.
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
     */
    public Builder requestCustomizer(RequestCustomizer customizer) {
      this.requestCustomizer = customizer;
      return this;
    }

    /**
     * Routes every transport through a proxy ({@code tidings.proxy}): {@code
     * http://[user:password@]host:port} or {@code socks://host:port}; null for none.
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
