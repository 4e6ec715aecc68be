package io.tidings.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.testkit.internal.CountingConnector;
import io.tidings.testkit.internal.FaultControlHandler;
import io.tidings.testkit.internal.FeedHandler;
import io.tidings.testkit.internal.Hub;
import io.tidings.testkit.internal.HubConfig;
import io.tidings.testkit.internal.TransportKind;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An embedded server (Jetty 12) that serves one sequenced feed at one path over all four
 * transports, exactly as docs/PROTOCOL.md says: WebSocket for an {@code Upgrade: websocket}
 * request, SSE for {@code Accept: text/event-stream}, a long poll when the {@code wait} parameter
 * is present, else a short poll. Messages get ids {@code 1, 2, 3, …} with {@code seq} equal to the
 * id; the last {@link Builder#historySize(int) N} are kept for resuming, and a client resuming from
 * further back gets a {@code tidings.gap} notice first.
 *
 * <p>No thread is held while a long poll waits or an SSE or WebSocket stream is idle. {@link
 * #faults()} switches faults on and off at runtime (and, with {@link
 * Builder#faultControl(boolean)}, other processes can too, over HTTP at {@link #faultsUrl()});
 * {@link #stats(String)}, {@link #requests()} and {@link #received()} show what happened.
 *
 * <pre>{@code
 * try (ReferenceServer server = ReferenceServer.start()) {
 *   server.publish(3);   // ids 1, 2, 3, data {"n":1} …
 *   SubscriptionConfig config = SubscriptionConfig.builder().url(server.url()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Its threads are named {@code refserver-…}.
 */
public final class ReferenceServer implements AutoCloseable {
  /** The feed path unless {@link Builder#path(String)} says otherwise. */
  public static final String DEFAULT_PATH = "/events";

  /** The path of {@code POST} publishing. */
  public static final String PUBLISH_PATH = "/publish";

  /**
   * The path of the fault control endpoint ({@code POST /faults/<switch>}, docs/PROTOCOL.md),
   * served when {@link Builder#faultControl(boolean)} is on.
   */
  public static final String FAULTS_PATH = "/faults";

  /** Whether the fault control endpoint is served unless {@link Builder#faultControl} says so. */
  public static final boolean DEFAULT_FAULT_CONTROL = false;

  /** The interface bound unless {@link Builder#host(String)} says otherwise. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The message type {@link #publish(Object)} and {@link #publish(int)} use. */
  public static final String DEFAULT_TYPE = "tick";

  /** Messages kept for resuming unless {@link Builder#historySize(int)} says otherwise. */
  public static final int DEFAULT_HISTORY_SIZE = 1000;

  /** The most messages in one poll batch unless {@link Builder#batchSize(int)} says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** SSE {@code : ping} and WebSocket ping interval; see {@link Builder#heartbeatInterval}. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

  /** Idle TCP connections are closed after this; see {@link Builder#idleTimeout}. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** The longest a long poll is held, whatever {@code wait} asks; see {@link Builder#maxWait}. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(2);

  /** See {@link Builder#webSocketResumeGrace(Duration)}. */
  public static final Duration DEFAULT_WEBSOCKET_RESUME_GRACE = Duration.ofMillis(200);

  /** How long {@link #close()} waits for the server's timer thread to end. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** The cursor query parameter (docs/PROTOCOL.md). */
  public static final String DEFAULT_CURSOR_PARAM = "lastEventId";

  /** The long poll wait query parameter, in seconds (docs/PROTOCOL.md). */
  public static final String DEFAULT_WAIT_PARAM = "wait";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Hub hub;
  private final Server server;
  private final CountingConnector connector;
  private final Faults faults;
  private final boolean h2c;
  private final boolean faultControl;
  private final boolean tls;
  private final boolean clientCertificates;

  private ReferenceServer(Builder b) throws Exception {
    this.h2c = b.h2c;
    this.tls = b.keyStore != null;
    this.clientCertificates = b.clientTrustStore != null;
    this.faultControl = b.faultControl;
    this.hub =
        new Hub(
            new HubConfig(
                b.path,
                b.path + "-moved",
                PUBLISH_PATH,
                b.historySize,
                b.batchSize,
                b.heartbeatInterval,
                b.sseRetry,
                b.cursorParam,
                b.waitParam,
                b.maxWait,
                b.replayWithoutCursor,
                b.webSocketResumeGrace));
    if (b.eventLog != null) {
      hub.eventLog(b.eventLog);
    }
    this.faults = new Faults(hub);
    QueuedThreadPool pool = new QueuedThreadPool(b.maxThreads, 2);
    pool.setName("refserver");
    pool.setDaemon(true);
    server = new Server(pool);
    server.setStopTimeout(0);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    List<ConnectionFactory> factories = new ArrayList<>();
    if (tls) {
      factories.add(new SslConnectionFactory(sslContextFactory(b), "http/1.1"));
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false); // clients connect to 127.0.0.1, which is not sent as SNI
      http.addCustomizer(secure);
    }
    factories.add(new HttpConnectionFactory(http));
    if (b.h2c && !tls) {
      factories.add(new HTTP2CServerConnectionFactory(http));
    }
    connector = new CountingConnector(server, factories.toArray(new ConnectionFactory[0]));
    connector.setHost(b.host);
    connector.setPort(b.port);
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    server.addConnector(connector);
    FeedHandler feedHandler = new FeedHandler(hub);
    WebSocketUpgradeHandler ws =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setIdleTimeout(b.idleTimeout);
              container.setMaxTextMessageSize(64L * 1024 * 1024);
              container.setMaxBinaryMessageSize(64L * 1024 * 1024);
            });
    ws.setHandler(
        b.faultControl
            ? new Handler.Sequence(new FaultControlHandler(faults, FAULTS_PATH, hub), feedHandler)
            : feedHandler);
    server.setHandler(ws);
    try {
      server.start();
    } catch (Exception e) {
      hub.shutdown(STOP_TIMEOUT);
      server.stop();
      throw e;
    }
    feedHandler.webSocketContainer(ws.getServerWebSocketContainer());
  }

  private static SslContextFactory.Server sslContextFactory(Builder b) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(b.keyStore);
    ssl.setKeyStorePassword(b.keyStorePassword);
    ssl.setKeyManagerPassword(b.keyStorePassword);
    if (b.clientTrustStore != null) {
      ssl.setTrustStore(b.clientTrustStore);
      ssl.setNeedClientAuth(true);
      // TLS 1.2 refuses a client without a certificate inside the handshake, so the client sees
      // the alert; under TLS 1.3 the refusal comes after the client's Finished and may reach it
      // as a broken pipe or a reset instead.
      ssl.setIncludeProtocols("TLSv1.2");
    }
    // The default would check that the certificate names the host a client asked for over SNI.
    ssl.setEndpointIdentificationAlgorithm(null);
    return ssl;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with the defaults on a free port of {@value #DEFAULT_HOST}. */
  public static ReferenceServer start() {
    return builder().start();
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * The feed's URL, such as {@code http://127.0.0.1:PORT/events} ({@code https} when {@link
   * Builder#tls serving TLS}).
   */
  public String url() {
    return origin() + hub.config().path();
  }

  /** The feed's URL with the {@code ws} scheme ({@code wss} when serving TLS). */
  public String wsUrl() {
    return "ws" + url().substring(4);
  }

  /** Where {@link Faults#redirect} sends clients: the same feed at another path. */
  public String movedUrl() {
    return origin() + hub.config().movedPath();
  }

  /** The URL to {@code POST} {@code {"type":"tick","data":{...}}} (or an array of them) to. */
  public String publishUrl() {
    return origin() + PUBLISH_PATH;
  }

  /**
   * The fault control endpoint's URL, such as {@code http://127.0.0.1:PORT/faults}: {@code POST
   * <faultsUrl>/<switch>?<parameters>} sets a switch, {@code GET <faultsUrl>} lists them. Served
   * only when {@link #faultControl()} is true (else it answers 404).
   */
  public String faultsUrl() {
    return origin() + FAULTS_PATH;
  }

  /** Whether the fault control endpoint at {@link #faultsUrl()} is served. */
  public boolean faultControl() {
    return faultControl;
  }

  /** Whether it serves https and wss ({@link Builder#tls}) instead of http and ws. */
  public boolean tls() {
    return tls;
  }

  /** Whether a TLS client must present a certificate ({@link Builder#clientCertificates}). */
  public boolean clientCertificates() {
    return clientCertificates;
  }

  /** Whether HTTP/2 cleartext (prior knowledge) is served next to HTTP/1.1. */
  public boolean h2c() {
    return h2c;
  }

  /**
   * Publishes a message.
   *
   * @param type the message type, not null
   * @param data the data: a {@link JsonNode}, or any object Jackson can write (a String becomes a
   *     JSON string)
   * @return the id given to it
   */
  public String publish(String type, Object data) {
    Objects.requireNonNull(type, "type");
    return Long.toString(hub.feed().publish(type, toJson(data)));
  }

  /** Publishes a message of type {@value #DEFAULT_TYPE}; returns its id. */
  public String publish(Object data) {
    return publish(DEFAULT_TYPE, data);
  }

  /** Publishes a message whose data is already JSON text (not validated); returns its id. */
  public String publishJson(String type, String json) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(json, "json");
    return Long.toString(hub.feed().publish(type, json));
  }

  /**
   * Publishes {@code count} messages of type {@value #DEFAULT_TYPE} with data {@code {"n":<id>}};
   * returns their ids.
   */
  public List<String> publish(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(Long.toString(hub.feed().publish(DEFAULT_TYPE, seq -> "{\"n\":" + seq + "}")));
    }
    return ids;
  }

  /** The id of the last message published, or null when none was. */
  public String lastId() {
    long seq = hub.feed().lastSeq();
    return seq == 0 ? null : Long.toString(seq);
  }

  /** The sequence number of the oldest message still kept for resuming. */
  public long firstRetained() {
    return hub.feed().firstRetained();
  }

  /** The fault switches. */
  public Faults faults() {
    return faults;
  }

  /**
   * A snapshot of one transport's counters.
   *
   * @param transport {@code shortpoll}, {@code longpoll}, {@code sse} or {@code websocket}
   * @throws IllegalArgumentException for another name
   */
  public TransportStats stats(String transport) {
    TransportKind kind = TransportKind.of(transport);
    if (kind == null) {
      throw new IllegalArgumentException(
          "Unknown transport '"
              + transport
              + "'; the reference server serves shortpoll, longpoll, sse and websocket");
    }
    return hub.stats(kind);
  }

  /** Snapshots of every transport's counters, by transport name. */
  public Map<String, TransportStats> stats() {
    Map<String, TransportStats> out = new LinkedHashMap<>();
    for (TransportKind k : TransportKind.values()) {
      out.put(k.transportName(), hub.stats(k));
    }
    return out;
  }

  /** SSE streams open now. */
  public long openSseStreams() {
    return hub.stats(TransportKind.SSE).open();
  }

  /** WebSocket sessions open now. */
  public long openWebSockets() {
    return hub.stats(TransportKind.WEBSOCKET).open();
  }

  /** TCP connections accepted since the start (an HTTP/2 connection counts once). */
  public long connectionsAccepted() {
    return connector.accepted();
  }

  /**
   * TCP connections open now, as far as the server knows: a client that went away is noticed when
   * the server next writes (a heartbeat) or reads.
   */
  public int openConnections() {
    return connector.openEndPoints();
  }

  /** Every request to the feed so far, oldest first (at most 100 000). */
  public List<RecordedRequest> requests() {
    return hub.requests();
  }

  /** The requests classified as {@code transport}, oldest first. */
  public List<RecordedRequest> requests(String transport) {
    return hub.requests().stream()
        .filter(r -> r.transport().equals(transport))
        .collect(Collectors.toList());
  }

  /** The WebSocket messages clients sent (resume messages excluded), oldest first. */
  public List<ReceivedMessage> received() {
    return hub.received();
  }

  /**
   * Waits until a client sent a WebSocket message matching {@code test}.
   *
   * @return true when one arrived within {@code timeout}
   */
  public boolean awaitReceived(Predicate<ReceivedMessage> test, Duration timeout)
      throws InterruptedException {
    return Await.within(() -> hub.received().stream().anyMatch(test), timeout);
  }

  /**
   * Stops the server: every stream and connection is closed and its threads are stopped; returns
   * once its timer thread has ended. Idempotent.
   *
   * @throws IllegalStateException when it did not stop within {@link #STOP_TIMEOUT}
   */
  @Override
  public void close() {
    boolean timerEnded = hub.shutdown(STOP_TIMEOUT);
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("The reference server did not stop cleanly", e);
    }
    if (!timerEnded) {
      throw new IllegalStateException(
          "The reference server's timer thread did not end within " + STOP_TIMEOUT);
    }
  }

  @Override
  public String toString() {
    return "ReferenceServer{"
        + url()
        + (h2c && !tls ? ", h2c" : "")
        + (clientCertificates ? ", client certificates" : "")
        + (faultControl ? ", fault control" : "")
        + '}';
  }

  /** {@code http://host:port}, an IPv6 address in brackets. */
  private String origin() {
    String host = connector.getHost();
    return (tls ? "https://" : "http://")
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + port();
  }

  private static String toJson(Object data) {
    if (data instanceof JsonNode) {
      return data.toString();
    }
    try {
      return MAPPER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot write " + data.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Configures and starts a {@link ReferenceServer}. Not thread-safe. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port;
    private String path = DEFAULT_PATH;
    private int historySize = DEFAULT_HISTORY_SIZE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Duration sseRetry;
    private String cursorParam = DEFAULT_CURSOR_PARAM;
    private String waitParam = DEFAULT_WAIT_PARAM;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private boolean replayWithoutCursor = true;
    private Duration webSocketResumeGrace = DEFAULT_WEBSOCKET_RESUME_GRACE;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private boolean h2c;
    private int maxThreads = 64;
    private boolean faultControl = DEFAULT_FAULT_CONTROL;
    private Consumer<String> eventLog;
    private KeyStore keyStore;
    private String keyStorePassword;
    private KeyStore clientTrustStore;

    private Builder() {}

    /**
     * The interface to bind, a name or an address; default {@value ReferenceServer#DEFAULT_HOST}.
     * Anyone who can reach it can read the feed and {@code POST} to {@link
     * ReferenceServer#publishUrl()}.
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; default 0, a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The feed path; default {@value ReferenceServer#DEFAULT_PATH}. Not {@value
     * ReferenceServer#PUBLISH_PATH}, nor {@value ReferenceServer#FAULTS_PATH} or below it.
     */
    public Builder path(String path) {
      if (path == null
          || !path.startsWith("/")
          || path.equals(PUBLISH_PATH)
          || path.equals(FAULTS_PATH)
          || path.startsWith(FAULTS_PATH + "/")) {
        throw new IllegalArgumentException(
            "path must start with '/' and differ from "
                + PUBLISH_PATH
                + " and "
                + FAULTS_PATH
                + ", was "
                + path);
      }
      this.path = path;
      return this;
    }

    /** Messages kept for resuming; default {@value ReferenceServer#DEFAULT_HISTORY_SIZE}. */
    public Builder historySize(int historySize) {
      if (historySize < 1) {
        throw new IllegalArgumentException("historySize must be at least 1, was " + historySize);
      }
      this.historySize = historySize;
      return this;
    }

    /**
     * The most messages in one poll batch ({@code "more": true} when there are more); default
     * {@value ReferenceServer#DEFAULT_BATCH_SIZE}.
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * How often an SSE stream sends {@code : ping} and a WebSocket a ping; zero for never; default
     * {@link ReferenceServer#DEFAULT_HEARTBEAT_INTERVAL}.
     */
    public Builder heartbeatInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("heartbeatInterval must not be negative: " + interval);
      }
      this.heartbeatInterval = interval;
      return this;
    }

    /** Sends SSE {@code retry: <ms>} at the start of each stream; default none. */
    public Builder sseRetry(Duration retry) {
      this.sseRetry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** The cursor query parameter; default {@value ReferenceServer#DEFAULT_CURSOR_PARAM}. */
    public Builder cursorParam(String name) {
      this.cursorParam = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The long poll wait parameter; default {@value ReferenceServer#DEFAULT_WAIT_PARAM}. */
    public Builder waitParam(String name) {
      this.waitParam = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The longest a long poll is held; default {@link ReferenceServer#DEFAULT_MAX_WAIT}. */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
      return this;
    }

    /**
     * Whether a client that sends no cursor first gets every retained message (true, the default:
     * tests may publish before subscribing) or only messages published from now on (false).
     */
    public Builder replayWithoutCursor(boolean replay) {
      this.replayWithoutCursor = replay;
      return this;
    }

    /**
     * How long a WebSocket opened without cursor parameter waits for a resume message ({@code
     * {"type":"resume","lastEventId":"5"}}) before streaming; default {@link
     * ReferenceServer#DEFAULT_WEBSOCKET_RESUME_GRACE}. A resume message arriving later still moves
     * the stream forward, never back.
     */
    public Builder webSocketResumeGrace(Duration grace) {
      this.webSocketResumeGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /**
     * Idle TCP connections (and stalled streams) are closed after this; default {@link
     * ReferenceServer#DEFAULT_IDLE_TIMEOUT}.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
      return this;
    }

    /**
     * Also serves HTTP/2 cleartext with prior knowledge (and the h2c upgrade) on the same port;
     * default false.
     */
    public Builder h2c(boolean h2c) {
      this.h2c = h2c;
      return this;
    }

    /**
     * Whether to serve the fault control endpoint ({@link ReferenceServer#faultsUrl()}), which lets
     * any client that reaches the server switch its {@link Faults} over HTTP; default {@value
     * ReferenceServer#DEFAULT_FAULT_CONTROL}. In-process tests have {@link
     * ReferenceServer#faults()}; turn it on for a server that other processes test against, such as
     * {@link ReferenceServerMain}'s.
     */
    public Builder faultControl(boolean faultControl) {
      this.faultControl = faultControl;
      return this;
    }

    /**
     * Where the server writes one line per SSE or WebSocket connection and per poll (transport,
     * client address, cursor), per fault switched through the endpoint, per message published over
     * HTTP and per message a WebSocket client sent; default: nowhere. Called on server threads, so
     * it must be thread-safe and quick ({@code System.out::println} is).
     */
    public Builder eventLog(Consumer<String> eventLog) {
      this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
      return this;
    }

    /**
     * Serves https and wss (HTTP/1.1 over TLS) instead of http and ws, presenting the key entry of
     * {@code keyStore} (its certificate chain and private key); default: no TLS. {@link #h2c} is
     * ignored with TLS.
     *
     * @param keyStore a loaded key store holding one key entry, not null
     * @param password the password of the store and of its key, not null
     */
    public Builder tls(KeyStore keyStore, String password) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      this.keyStorePassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Mutual TLS: refuses the TLS handshake of a client that does not present a certificate signed
     * by a CA in {@code trustStore}; default: no client certificate asked for. Needs {@link #tls}.
     * Speaks TLS 1.2 only, so that a client without a certificate is refused during the handshake
     * and sees the server's alert (under TLS 1.3 the refusal follows the handshake and may reach
     * the client as a broken pipe).
     *
     * @param trustStore a loaded key store holding the trusted CA certificates, not null
     */
    public Builder clientCertificates(KeyStore trustStore) {
      this.clientTrustStore = Objects.requireNonNull(trustStore, "trustStore");
      return this;
    }

    /** The most server threads; default 64. */
    public Builder maxThreads(int maxThreads) {
      if (maxThreads < 8) {
        throw new IllegalArgumentException("maxThreads must be at least 8, was " + maxThreads);
      }
      this.maxThreads = maxThreads;
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws IllegalStateException when it cannot start (the port is taken)
     */
    public ReferenceServer start() {
      if (clientTrustStore != null && keyStore == null) {
        throw new IllegalStateException("clientCertificates(...) needs tls(...) too");
      }
      try {
        return new ReferenceServer(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(
            "The reference server could not start on " + host + ":" + port + ": " + e, e);
      }
    }
  }
}
