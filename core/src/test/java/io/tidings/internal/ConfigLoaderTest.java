package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.ConfigurationException;
import io.tidings.FailureKind;
import io.tidings.HttpVersion;
import io.tidings.MessageFormat;
import io.tidings.OrderingPolicy;
import io.tidings.ReconnectPolicy;
import io.tidings.SubscriptionConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String URL = "tidings.url=http://localhost:8080/events";
  private static final String SOURCE = "tidings.properties";

  @TempDir Path dir;

  // ---- defaults and every key ----

  @Test
  void onlyTheUrlGivesEveryDefault() {
    SubscriptionConfig c = load(URL);
    SubscriptionConfig d = SubscriptionConfig.builder().url("http://localhost:8080/events").build();
    assertEquals(SubscriptionConfig.DEFAULT_NAME, c.name());
    assertEquals(List.of(SubscriptionConfig.DEFAULT_TRANSPORT), c.transports());
    assertEquals(URI.create("http://localhost:8080/events"), c.url());
    assertEquals(Map.of(), c.headers());
    assertEquals(SubscriptionConfig.ALWAYS_REDACTED, c.redactedHeaders());
    assertEquals(ReconnectPolicy.defaults(), c.reconnectPolicy());
    assertEquals(OrderingPolicy.deduplicate(), c.orderingPolicy());
    assertEquals(d.stallTimeout(), c.stallTimeout());
    assertEquals(d.connectTimeout(), c.connectTimeout());
    assertEquals(d.format(), c.format());
    assertEquals(d.maxMessageSize(), c.maxMessageSize());
    assertEquals(d.httpVersion(), c.httpVersion());
    assertEquals(d.cursorParam(), c.cursorParam());
    assertEquals(d.deliveryQueueCapacity(), c.deliveryQueueCapacity());
    assertEquals(Duration.ofSeconds(30), c.option(ExampleTransport.WAIT));
    assertNull(c.option(ExampleTransport.MIN));
    assertNull(c.option(ExampleTransport.MESSAGE));
    assertEquals(Map.of(), c.options());
    assertEquals(d, c);
    assertEquals(d.hashCode(), c.hashCode());
  }

  @Test
  void everyKeyParsesToItsValue() {
    SubscriptionConfig c =
        load(
            "tidings.transport=WebSocket, sse ,longpoll",
            "tidings.url=wss://feed.example.com:8443/v1/stream",
            "tidings.headers.X-Api-Key=k-123",
            "tidings.headers.Accept-Language=en",
            "tidings.redact=X-Api-Key, X-Other",
            "tidings.reconnect.initial-delay=250ms",
            "tidings.reconnect.max-delay=2m",
            "tidings.reconnect.multiplier=1.5",
            "tidings.reconnect.jitter=0.25",
            "tidings.reconnect.max-attempts=7",
            "tidings.reconnect.max-elapsed=1h",
            "tidings.reconnect.reset-after=90s",
            "tidings.reconnect.max-server-delay=PT10M",
            "tidings.reconnect.fatal-statuses=400, 401",
            "tidings.ordering=deduplicate",
            "tidings.ordering.window=64",
            "tidings.stall-timeout=20s",
            "tidings.connect-timeout=3s",
            "tidings.format=RAW",
            "tidings.max-message-size=512KB",
            "tidings.http.version=h2c",
            "tidings.cursor-param=after",
            "tidings.delivery.queue-capacity=16",
            "tidings.example.wait=25s",
            "tidings.example.jitter=0",
            "tidings.example.min-interval=1s",
            "tidings.example.max-interval=1m",
            "tidings.example.message={\"resume\":\"${lastEventId}\"}",
            "tidings.example.codes=1008,4001");
    assertEquals(List.of("websocket", "sse", "longpoll"), c.transports());
    assertEquals(URI.create("wss://feed.example.com:8443/v1/stream"), c.url());
    assertEquals(Map.of("X-Api-Key", "k-123", "Accept-Language", "en"), c.headers());
    assertTrue(c.isRedacted("x-api-key"));
    assertTrue(c.isRedacted("X-Other"));
    assertTrue(c.isRedacted("Authorization"));
    assertFalse(c.isRedacted("Accept-Language"));
    ReconnectPolicy r = c.reconnectPolicy();
    assertEquals(Duration.ofMillis(250), r.initialDelay());
    assertEquals(Duration.ofMinutes(2), r.maxDelay());
    assertEquals(1.5, r.multiplier());
    assertEquals(0.25, r.jitter());
    assertEquals(7, r.maxAttempts());
    assertEquals(Optional.of(Duration.ofHours(1)), r.maxElapsed());
    assertEquals(Duration.ofSeconds(90), r.resetAfter());
    assertEquals(Duration.ofMinutes(10), r.maxServerDelay());
    assertEquals(Set.of(400, 401), r.fatalStatuses());
    assertEquals(OrderingPolicy.deduplicate(64), c.orderingPolicy());
    assertEquals(Duration.ofSeconds(20), c.stallTimeout());
    assertEquals(Duration.ofSeconds(3), c.connectTimeout());
    assertEquals(MessageFormat.RAW, c.format());
    assertEquals(512 * 1024, c.maxMessageSize());
    assertEquals(HttpVersion.H2C, c.httpVersion());
    assertEquals("after", c.cursorParam());
    assertEquals(16, c.deliveryQueueCapacity());
    assertEquals(Duration.ofSeconds(25), c.option(ExampleTransport.WAIT));
    assertEquals(0.0, c.option(ExampleTransport.JITTER));
    assertEquals(Duration.ofSeconds(1), c.option(ExampleTransport.MIN));
    assertEquals(Duration.ofMinutes(1), c.option(ExampleTransport.MAX));
    assertEquals("{\"resume\":\"${lastEventId}\"}", c.option(ExampleTransport.MESSAGE));
    assertEquals(Set.of(1008, 4001), c.option(ExampleTransport.CODES));
    assertEquals(c, c.toBuilder().build());
  }

  @Test
  void orderingModesAndTheirParameters() {
    assertEquals(
        OrderingPolicy.asReceived(), load(URL, "tidings.ordering=as-received").orderingPolicy());
    assertEquals(
        OrderingPolicy.ordered(50, Duration.ofMillis(1500)),
        load(
                URL,
                "tidings.ordering=Ordered",
                "tidings.ordering.buffer-limit=50",
                "tidings.ordering.gap-timeout=1500ms")
            .orderingPolicy());
    assertEquals(
        OrderingPolicy.ordered(
            OrderingPolicy.DEFAULT_BUFFER_LIMIT, OrderingPolicy.DEFAULT_GAP_TIMEOUT),
        load(URL, "tidings.ordering=ordered").orderingPolicy());
    assertEquals(
        OrderingPolicy.deduplicate(10), load(URL, "tidings.ordering.window=10").orderingPolicy());
    // Parameters of another mode are ignored, so a named subscription can switch modes.
    assertEquals(
        OrderingPolicy.asReceived(),
        load(URL, "tidings.ordering=as-received", "tidings.ordering.gap-timeout=1s")
            .orderingPolicy());
  }

  @Test
  void choicesAndSpecialValues() {
    assertEquals(HttpVersion.HTTP_1_1, load(URL, "tidings.http.version=HTTP1.1").httpVersion());
    assertEquals(HttpVersion.AUTO, load(URL, "tidings.http.version=auto").httpVersion());
    assertEquals(MessageFormat.JSON, load(URL, "tidings.format=json").format());
    ReconnectPolicy forever =
        load(URL, "tidings.reconnect.max-attempts=-1", "tidings.reconnect.max-elapsed=None")
            .reconnectPolicy();
    assertEquals(-1, forever.maxAttempts());
    assertEquals(Optional.empty(), forever.maxElapsed());
    assertEquals(0, load(URL, "tidings.reconnect.max-attempts=0").reconnectPolicy().maxAttempts());
    assertEquals(
        Set.of(), load(URL, "tidings.reconnect.fatal-statuses=").reconnectPolicy().fatalStatuses());
    assertEquals(Set.of(), load(URL, "tidings.example.codes=").option(ExampleTransport.CODES));
    assertEquals(null, load(URL, "tidings.example.message=").option(ExampleTransport.MESSAGE));
    assertEquals(List.of("sse"), load(URL, "tidings.transport=SSE").transports());
    assertEquals(List.of("example"), load(URL, "tidings.transport=example").transports());
  }

  @Test
  void aTransportThatIsNotOnTheClassPathFailsTheLoadWithASuggestion() {
    String found = "(found: example, longpoll, shortpoll, sse, websocket).";
    assertMessage(
        "tidings.transport=websockets: No transport named 'websockets' is on the class path "
            + found
            + " Did you mean 'websocket'?",
        "tidings.transport=websockets");
    assertMessage(
        "tidings.transport=sse,long-poll: No transport named 'long-poll' is on the class path "
            + found
            + " Did you mean 'longpoll'?",
        "tidings.transport=sse,long-poll");
    assertMessage(
        "tidings.transport=my-provider: No transport named 'my-provider' is on the class path "
            + found
            + " Tidings' transports are shortpoll, longpoll, sse, websocket; others are named by"
            + " their provider.",
        "tidings.transport=my-provider");
  }

  @Test
  void anArtifactIsSuggestedOnlyForTidingsOwnTransports() {
    TransportRegistry exampleOnly = new TransportRegistry(List.of(new ExampleTransport()));
    assertEquals(
        SOURCE
            + ": tidings.transport=websocket: No transport named 'websocket' is on the class path"
            + " (found: example). Add the dependency io.tidings:tidings-transport-websocket.",
        failWith(exampleOnly, URL, "tidings.transport=websocket").getMessage());
    assertEquals(
        SOURCE
            + ": tidings.transport=websockets: No transport named 'websockets' is on the class"
            + " path (found: example). Did you mean 'websocket'? It is not on the class path"
            + " either: add the dependency io.tidings:tidings-transport-websocket.",
        failWith(exampleOnly, URL, "tidings.transport=websockets").getMessage());
    String pigeon = failWith(exampleOnly, URL, "tidings.transport=carrier-pigeon").getMessage();
    assertFalse(pigeon.contains("tidings-transport-carrier-pigeon"), pigeon);
  }

  @Test
  void anUnknownTidingsVariableIsWarnedAboutOnceWithTheNearestOne() {
    Map<String, String> env =
        Map.of(
            "TIDINGS_RECONECT_MAX_DELAY", "5s",
            "TIDINGS_HEADERS_X_NEWCOMER", "on",
            "TIDINGS_FROBNICATE_EVERYTHING", "yes",
            "PATH", "/bin");
    try (CapturedLog log = new CapturedLog()) {
      for (int i = 0; i < 2; i++) {
        new ConfigLoader(env, new Properties(), ExampleTransport.REGISTRY)
            .fromProperties(props(URL), null, SOURCE);
      }
      assertEquals(
          List.of(
              "Environment variable TIDINGS_FROBNICATE_EVERYTHING is not a Tidings setting and is"
                  + " ignored: no key maps to it (a named subscription's variables are read only"
                  + " for subscriptions the file or the system properties name)",
              "Environment variable TIDINGS_HEADERS_X_NEWCOMER is not a Tidings setting and is"
                  + " ignored: headers cannot come from environment variables; use"
                  + " -Dtidings.headers.<Name>=... or the file",
              "Environment variable TIDINGS_RECONECT_MAX_DELAY is not a Tidings setting and is"
                  + " ignored: did you mean TIDINGS_RECONNECT_MAX_DELAY?"),
          log.lines("Environment variable TIDINGS_").stream()
              .map(l -> l.substring(l.indexOf("Environment variable")))
              .toList());
    }
  }

  @Test
  void durationsAndSizesInEveryForm() {
    assertEquals(Duration.ofMillis(250), stall("250ms"));
    assertEquals(Duration.ofSeconds(30), stall("30s"));
    assertEquals(Duration.ofMinutes(5), stall("5m"));
    assertEquals(Duration.ofHours(1), stall("1h"));
    assertEquals(Duration.ofDays(2), stall("2d"));
    assertEquals(Duration.ofSeconds(30), stall("PT30S"));
    assertEquals(Duration.ofSeconds(30), stall(" 30 s "));
    assertEquals(1048576, size("1048576"));
    assertEquals(512 * 1024, size("512KB"));
    assertEquals(512 * 1024, size("512KiB"));
    assertEquals(8L << 20, size("8MB"));
    assertEquals(8L << 20, size("8MiB"));
    assertEquals(8L << 20, size("8 mib"));
  }

  // ---- overrides ----

  @Test
  void environmentOverridesTheFileAndSystemPropertiesOverrideBoth() {
    Properties file =
        props(
            URL,
            "tidings.transport=sse",
            "tidings.reconnect.max-delay=10s",
            "tidings.stall-timeout=30s");
    Map<String, String> env =
        Map.of(
            "TIDINGS_TRANSPORT", "longpoll",
            "TIDINGS_RECONNECT_MAX_DELAY", "20s",
            "TIDINGS_STALL_TIMEOUT", "40s");
    Properties sys = props("tidings.stall-timeout=50s", "user.home=/ignored", "other.key=x");
    SubscriptionConfig c =
        new ConfigLoader(env, sys, ExampleTransport.REGISTRY).fromProperties(file, null, SOURCE);
    assertEquals("longpoll", c.transport());
    assertEquals(Duration.ofSeconds(20), c.reconnectPolicy().maxDelay());
    assertEquals(Duration.ofSeconds(50), c.stallTimeout());
  }

  @Test
  void overridesAloneCanSupplyEveryValue() {
    SubscriptionConfig c =
        new ConfigLoader(
                Map.of("TIDINGS_URL", "http://env.example/events"),
                props("tidings.headers.X-Trace=on"),
                ExampleTransport.REGISTRY)
            .fromProperties(new Properties(), null, SOURCE);
    assertEquals(URI.create("http://env.example/events"), c.url());
    assertEquals(Map.of("X-Trace", "on"), c.headers());
  }

  @Test
  void headersComeFromSystemPropertiesButNotFromTheEnvironment() {
    SubscriptionConfig c =
        new ConfigLoader(
                Map.of("TIDINGS_HEADERS_X_TRACE", "env"),
                props("tidings.headers.X-Sys=sys", "tidings.headers.x-file=sys"),
                ExampleTransport.REGISTRY)
            .fromProperties(props(URL, "tidings.headers.X-File=file"), null, SOURCE);
    assertEquals(Map.of("x-file", "sys", "X-Sys", "sys"), c.headers());
  }

  @Test
  void environmentReachesNamedSubscriptions() {
    Properties file = props(URL, "tidings.subscriptions.prices.url=http://localhost/prices");
    Map<String, String> env =
        Map.of(
            "TIDINGS_SUBSCRIPTIONS_PRICES_URL", "http://env/prices",
            "TIDINGS_SUBSCRIPTIONS_NEWS_URL", "http://env/news",
            "TIDINGS_SUBSCRIPTIONS_PRICES_RECONNECT_MAX_DELAY", "1m");
    ConfigLoader loader = new ConfigLoader(env, new Properties(), ExampleTransport.REGISTRY);
    SubscriptionConfig prices = loader.fromProperties(file, "prices", SOURCE);
    assertEquals(URI.create("http://env/prices"), prices.url());
    assertEquals(Duration.ofMinutes(1), prices.reconnectPolicy().maxDelay());
    // A subscription only the environment defines is found when asked for by name.
    SubscriptionConfig news = loader.fromProperties(file, "news", SOURCE);
    assertEquals("news", news.name());
    assertEquals(URI.create("http://env/news"), news.url());
  }

  @Test
  void overrideErrorsNameTheirSource() {
    ConfigurationException env =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(
                        Map.of("TIDINGS_STALL_TIMEOUT", "soon"),
                        new Properties(),
                        ExampleTransport.REGISTRY)
                    .fromProperties(props(URL), null, SOURCE));
    assertEquals(
        "environment variable TIDINGS_STALL_TIMEOUT: tidings.stall-timeout=soon is not a"
            + " duration; expected e.g. 250ms, 30s, 5m or ISO-8601 PT30S",
        env.getMessage());
    ConfigurationException sys =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(
                        Map.of(), props("tidings.stal-timeout=1s"), ExampleTransport.REGISTRY)
                    .fromProperties(props(URL), null, SOURCE));
    assertEquals(
        "system property: unknown key tidings.stal-timeout; did you mean tidings.stall-timeout?",
        sys.getMessage());
  }

  // ---- ${env:} substitution ----

  @Test
  void environmentReferencesAreReplaced() {
    ConfigLoader loader =
        new ConfigLoader(
            Map.of("FEED_TOKEN", "s3cret", "HOST", "feed.example", "PORT", "9000"),
            new Properties(),
            ExampleTransport.REGISTRY);
    SubscriptionConfig c =
        loader.fromProperties(
            props(
                "tidings.url=https://${env:HOST}:${env:PORT}/events",
                "tidings.headers.Authorization=Bearer ${env:FEED_TOKEN}",
                "tidings.example.message=${lastEventId}"),
            null,
            SOURCE);
    assertEquals(URI.create("https://feed.example:9000/events"), c.url());
    assertEquals("Bearer s3cret", c.headers().get("Authorization"));
    assertEquals("${lastEventId}", c.option(ExampleTransport.MESSAGE));
    assertFalse(c.toString().contains("s3cret"), c.toString());
  }

  @Test
  void aMissingEnvironmentVariableNamesKeyAndVariableButNotTheValue() {
    ConfigurationException e =
        fail(URL, "tidings.headers.Authorization=Bearer hunter2 ${env:FEED_TOKEN}");
    assertEquals("tidings.headers.Authorization", e.key());
    assertEquals(
        SOURCE
            + ": tidings.headers.Authorization refers to environment variable FEED_TOKEN, which"
            + " is not set",
        e.getMessage());
    assertNoSecret(e, "hunter2");
    ConfigurationException unterminated = fail(URL, "tidings.headers.X-Key=hunter2${env:KEY");
    assertEquals(
        SOURCE
            + ": tidings.headers.X-Key has an unterminated ${env: reference; expected"
            + " ${env:NAME}",
        unterminated.getMessage());
    assertNoSecret(unterminated, "hunter2");
    assertEquals(
        SOURCE + ": tidings.cursor-param has an empty ${env:} reference; expected ${env:NAME}",
        fail(URL, "tidings.cursor-param=${env:}").getMessage());
  }

  @Test
  void aBadValueFromTheEnvironmentShowsWhereItCameFrom() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(
                        Map.of("STALL", "soon"), new Properties(), ExampleTransport.REGISTRY)
                    .fromProperties(
                        props(URL, "tidings.stall-timeout=${env:STALL}"), null, SOURCE));
    assertEquals(
        SOURCE
            + ": tidings.stall-timeout=soon (from ${env:STALL}) is not a duration; expected e.g."
            + " 250ms, 30s, 5m or ISO-8601 PT30S",
        e.getMessage());
  }

  // ---- named subscriptions ----

  @Test
  void namedSubscriptionsInheritAndOverride() {
    Properties p =
        props(
            URL,
            "tidings.transport=sse",
            "tidings.stall-timeout=20s",
            "tidings.reconnect.max-delay=10s",
            "tidings.headers.Authorization=Bearer top",
            "tidings.headers.X-Top=1",
            "tidings.redact=X-Top",
            "tidings.subscriptions.prices.transport=websocket",
            "tidings.subscriptions.prices.headers.authorization=Bearer prices",
            "tidings.subscriptions.prices.headers.X-Prices=2",
            "tidings.subscriptions.prices.redact=X-Prices",
            "tidings.subscriptions.prices.reconnect.initial-delay=1s");
    ConfigLoader loader = new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY);
    SubscriptionConfig prices = loader.fromProperties(p, "prices", SOURCE);
    assertEquals("prices", prices.name());
    assertEquals("websocket", prices.transport());
    assertEquals(URI.create("http://localhost:8080/events"), prices.url());
    assertEquals(Duration.ofSeconds(20), prices.stallTimeout());
    assertEquals(Duration.ofSeconds(1), prices.reconnectPolicy().initialDelay());
    assertEquals(Duration.ofSeconds(10), prices.reconnectPolicy().maxDelay());
    assertEquals(
        Map.of("X-Top", "1", "authorization", "Bearer prices", "X-Prices", "2"), prices.headers());
    assertTrue(prices.isRedacted("X-Top"));
    assertTrue(prices.isRedacted("X-Prices"));

    SubscriptionConfig top = loader.fromProperties(p, null, SOURCE);
    assertEquals(SubscriptionConfig.DEFAULT_NAME, top.name());
    assertEquals("sse", top.transport());
    assertEquals(Map.of("Authorization", "Bearer top", "X-Top", "1"), top.headers());
    assertFalse(top.isRedacted("X-Prices"));
  }

  @Test
  void aNamedValueBeatsAStrongerTopLevelOne() {
    SubscriptionConfig c =
        new ConfigLoader(
                Map.of("TIDINGS_TRANSPORT", "longpoll"),
                props("tidings.format=raw"),
                ExampleTransport.REGISTRY)
            .fromProperties(
                props(
                    URL,
                    "tidings.subscriptions.a.transport=sse",
                    "tidings.subscriptions.a.format=json"),
                "a",
                SOURCE);
    assertEquals("sse", c.transport());
    assertEquals(MessageFormat.JSON, c.format());
  }

  @Test
  void loadAllKeepsFileOrder(@TempDir Path tmp) throws IOException {
    Path file =
        write(
            tmp.resolve("all.properties"),
            URL,
            "tidings.subscriptions.zulu.transport=sse",
            "tidings.subscriptions.alpha.transport=websocket",
            "tidings.subscriptions.mike.url=http://localhost/mike",
            "tidings.subscriptions.alpha.stall-timeout=5s");
    Map<String, SubscriptionConfig> all =
        new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY).loadAll(file);
    assertEquals(List.of("zulu", "alpha", "mike"), List.copyOf(all.keySet()));
    assertEquals("websocket", all.get("alpha").transport());
    assertEquals(Duration.ofSeconds(5), all.get("alpha").stallTimeout());
    assertEquals(URI.create("http://localhost/mike"), all.get("mike").url());
    assertEquals("zulu", all.get("zulu").name());
    assertEquals(
        Map.of(),
        new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY)
            .loadAll(write(tmp.resolve("none.properties"), URL)));
  }

  @Test
  void anUnknownSubscriptionListsTheOnesThatExist() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY)
                    .fromProperties(
                        props(
                            URL,
                            "tidings.subscriptions.prices.transport=sse",
                            "tidings.subscriptions.news.transport=sse"),
                        "pricez",
                        SOURCE));
    assertEquals("tidings.subscriptions.pricez", e.key());
    assertEquals(
        SOURCE
            + ": no subscription named \"pricez\" (keys tidings.subscriptions.pricez.*); the"
            + " subscriptions are: news, prices",
        e.getMessage());
    ConfigurationException none =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY)
                    .fromProperties(props(URL), "x", SOURCE));
    assertTrue(none.getMessage().endsWith("there are no named subscriptions"), none.getMessage());
  }

  // ---- files and class path ----

  @Test
  void loadsAUtf8File() throws IOException {
    Path file =
        write(
            dir.resolve("tidings.properties"),
            "# comment",
            URL,
            "tidings.headers.X-Name=Zoë ☃",
            "tidings.headers.A-Second=2",
            "tidings.subscriptions.p.transport=websocket");
    ConfigLoader loader = new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY);
    SubscriptionConfig c = loader.load(file, null);
    assertEquals("Zoë ☃", c.headers().get("X-Name"));
    assertEquals(List.of("X-Name", "A-Second"), List.copyOf(c.headers().keySet()));
    assertEquals("websocket", loader.load(file, "p").transport());
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                loader.load(
                    write(dir.resolve("bad.properties"), "tidings.stall-timeout=x", URL), null));
    assertTrue(
        e.getMessage().startsWith(dir.resolve("bad.properties") + ": tidings.stall-timeout=x"),
        e.getMessage());
  }

  @Test
  void aMissingOrUnreadableFileIsNamed() throws IOException {
    ConfigLoader loader = new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY);
    Path missing = dir.resolve("missing.properties");
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> loader.load(missing, null));
    assertEquals("configuration file " + missing + " does not exist", e.getMessage());
    assertNull(e.key());
    assertEquals(FailureKind.CONFIGURATION, e.kind());

    ConfigurationException directory =
        assertThrows(ConfigurationException.class, () -> loader.loadAll(dir));
    assertEquals(
        "configuration file " + dir + " is a directory, not a properties file",
        directory.getMessage());

    Path latin1 = dir.resolve("latin1.properties");
    Files.write(
        latin1, (URL + "\ntidings.headers.X=caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    ConfigurationException encoding =
        assertThrows(ConfigurationException.class, () -> loader.load(latin1, null));
    assertEquals(
        "configuration " + latin1 + " is not valid UTF-8; save it as UTF-8", encoding.getMessage());
  }

  @Test
  void fromClasspathReadsATestResource() {
    ConfigLoader loader = new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY);
    SubscriptionConfig c = loader.fromClasspath("tidings-config-test.properties", null);
    assertEquals("longpoll", c.transport());
    assertEquals(Duration.ofSeconds(20), c.option(ExampleTransport.WAIT));
    assertEquals("café", c.headers().get("X-Feed"));
    SubscriptionConfig trades = loader.fromClasspath("/tidings-config-test.properties", "trades");
    assertEquals("websocket", trades.transport());
    assertEquals(URI.create("http://localhost:8080/trades"), trades.url());
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> loader.fromClasspath("nope.properties", null));
    assertEquals("class-path resource nope.properties not found", e.getMessage());
  }

  // ---- error messages ----

  @Test
  void anUnknownKeySuggestsTheNearestKnownKey() {
    ConfigurationException e = fail(URL, "tidings.reconect.max-delay=30s");
    assertEquals("tidings.reconect.max-delay", e.key());
    assertEquals(
        SOURCE
            + ": unknown key tidings.reconect.max-delay; did you mean tidings.reconnect.max-delay?",
        e.getMessage());
    assertSuggests("tidings.URL", "tidings.url");
    assertSuggests("tidings.header.Authorization", "tidings.headers.Authorization");
    assertSuggests(
        "tidings.subscriptions.prices.stall-timout", "tidings.subscriptions.prices.stall-timeout");
    assertSuggests("tidings.subscription.prices.url", "tidings.subscriptions.prices.url");
    assertSuggests("tidings.example.min", "tidings.example.min-interval");
    assertSuggests("tidings.exmaple.wait", "tidings.example.wait");
    assertSuggests("tidings.subscriptions.p.example.wiat", "tidings.subscriptions.p.example.wait");
  }

  @Test
  void anUnknownKeyWithNothingNearListsTheKnownKeys() {
    ConfigurationException e = fail(URL, "tidings.colour=blue");
    assertTrue(
        e.getMessage()
            .startsWith(
                SOURCE
                    + ": unknown key tidings.colour; known keys are tidings.transport, tidings.url,"),
        e.getMessage());
    assertTrue(e.getMessage().contains("tidings.headers.<Header-Name>"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("tidings.subscriptions.<name>.<key> for a named subscription"),
        e.getMessage());
    assertFalse(e.getMessage().contains("blue"));
    assertEquals("tidings.subscriptions.x", fail(URL, "tidings.subscriptions.x=1").key());
    assertEquals("tidings.headers.", fail(URL, "tidings.headers.=1").key());
  }

  @Test
  void valueErrorsNameSourceKeyValueAndExpectation() {
    assertMessage(
        "tidings.reconnect.max-delay=30 parsecs is not a duration; expected e.g. 250ms, 30s, 5m"
            + " or ISO-8601 PT30S",
        "tidings.reconnect.max-delay=30 parsecs");
    assertMessage(
        "tidings.reconnect.initial-delay=-5s is negative; expected e.g. 250ms, 30s, 5m or"
            + " ISO-8601 PT30S",
        "tidings.reconnect.initial-delay=-5s");
    assertMessage(
        "tidings.stall-timeout=0 must be greater than zero; expected e.g. 250ms, 30s, 5m or"
            + " ISO-8601 PT30S",
        "tidings.stall-timeout=0");
    assertMessage(
        "tidings.reconnect.max-elapsed=forever is not a duration; expected e.g. 250ms, 30s, 5m or"
            + " ISO-8601 PT30S, or none for forever",
        "tidings.reconnect.max-elapsed=forever");
    assertMessage(
        "tidings.reconnect.multiplier=double is not a number; expected e.g. 0.5 or 2",
        "tidings.reconnect.multiplier=double");
    assertMessage(
        "tidings.reconnect.jitter=NaN is not a number; expected e.g. 0.5 or 2",
        "tidings.reconnect.jitter=NaN");
    assertMessage(
        "tidings.delivery.queue-capacity=1e3 is not a whole number; expected a whole number of"
            + " at least 1",
        "tidings.delivery.queue-capacity=1e3");
    assertMessage(
        "tidings.reconnect.max-attempts=-2 is out of range; expected a whole number from -1 to"
            + " 2147483647",
        "tidings.reconnect.max-attempts=-2");
    assertMessage(
        "tidings.ordering=sorted is not one of as-received, deduplicate, ordered",
        "tidings.ordering=sorted");
    assertMessage("tidings.format=xml is not one of json, raw", "tidings.format=xml");
    assertMessage(
        "tidings.http.version=2 is not one of auto, http1.1, h2c", "tidings.http.version=2");
    assertMessage(
        "tidings.max-message-size=8 megs is not a size in bytes; expected e.g. 1048576, 512KB or"
            + " 8MiB",
        "tidings.max-message-size=8 megs");
    assertMessage(
        "tidings.reconnect.fatal-statuses=401,4o4 has an item that is not a number; expected a"
            + " comma-separated list of HTTP statuses from 100 to 599",
        "tidings.reconnect.fatal-statuses=401,4o4");
    assertMessage(
        "tidings.example.codes=99 has an item out of range; expected a"
            + " comma-separated list of close codes from 1000 to 4999",
        "tidings.example.codes=99");
    assertMessage(
        "tidings.transport=sse,,websocket has an empty item; expected a comma-separated list of"
            + " transport names, e.g. sse or websocket,sse",
        "tidings.transport=sse,,websocket");
    assertMessage(
        "tidings.transport=\"\" is empty; expected a comma-separated list of transport names, e.g."
            + " sse or websocket,sse",
        "tidings.transport=");
    assertMessage(
        "tidings.cursor-param=\"\" is empty; expected a value", "tidings.cursor-param=  ");
    assertEquals("tidings.ordering", fail(URL, "tidings.ordering=sorted").key());
  }

  @Test
  void aMissingUrlIsRequired() {
    ConfigurationException e = fail("tidings.transport=sse");
    assertEquals("tidings.url", e.key());
    assertEquals(SOURCE + ": tidings.url is required", e.getMessage());
    ConfigurationException named =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY)
                    .fromProperties(props("tidings.subscriptions.a.transport=sse"), "a", SOURCE));
    assertEquals(
        SOURCE + ": tidings.url is required (or tidings.subscriptions.a.url)", named.getMessage());
  }

  @Test
  void badUrlsAreShownWithoutUserInfoOrQuery() {
    ConfigurationException scheme = fail("tidings.url=ftp://user:pw@host/feed?token=t0p");
    assertEquals("tidings.url", scheme.key());
    assertEquals(
        SOURCE
            + ": tidings.url=ftp://host/feed is invalid: url must be an absolute http, https, ws"
            + " or wss URL, was ftp://host/feed",
        scheme.getMessage());
    ConfigurationException syntax = fail("tidings.url=http://host/a b?token=t0p");
    assertEquals(
        SOURCE
            + ": tidings.url=http://host/a b is not a URL (Illegal character in path at index 13);"
            + " expected e.g. https://example.com/events",
        syntax.getMessage());
    ConfigurationException relative = fail("tidings.url=/events?token=t0p");
    assertEquals(
        SOURCE
            + ": tidings.url=/events is not an absolute URL; expected e.g."
            + " https://example.com/events",
        relative.getMessage());
  }

  @Test
  void builderComplaintsAreTranslatedNamingTheKeys() {
    ConfigurationException jitter = fail(URL, "tidings.reconnect.jitter=1.5");
    assertEquals("tidings.reconnect.jitter", jitter.key());
    assertEquals(
        SOURCE
            + ": tidings.reconnect.jitter=1.5 is invalid: jitter must be between 0 and 1, was"
            + " 1.5",
        jitter.getMessage());
    assertTrue(jitter.getCause() instanceof IllegalArgumentException);
    assertMessage(
        "tidings.example.jitter=1 is out of range; expected at least 0 and below 1",
        "tidings.example.jitter=1");
    assertMessage(
        "tidings.reconnect.multiplier=0.5 is invalid: multiplier must be at least 1, was 0.5",
        "tidings.reconnect.multiplier=0.5");

    ConfigurationException delays =
        fail(URL, "tidings.reconnect.initial-delay=5s", "tidings.reconnect.max-delay=1s");
    assertEquals("tidings.reconnect.max-delay", delays.key());
    assertEquals(
        SOURCE
            + ": tidings.reconnect.max-delay=1s and tidings.reconnect.initial-delay=5s are"
            + " inconsistent: maxDelay (PT1S) is less than initialDelay (PT5S)",
        delays.getMessage());
    assertMessage(
        "tidings.reconnect.max-delay=100ms and tidings.reconnect.initial-delay (default 500ms)"
            + " are inconsistent: maxDelay (PT0.1S) is less than initialDelay (PT0.5S)",
        "tidings.reconnect.max-delay=100ms");

    ConfigurationException half = fail(URL, "tidings.example.max-interval=10s");
    assertEquals("tidings.example.max-interval", half.key());
    assertEquals(
        SOURCE
            + ": tidings.example.min-interval (not set) and tidings.example.max-interval=10s"
            + " and tidings.example.message (not set) are inconsistent: set both or neither",
        half.getMessage());
    assertMessage(
        "tidings.example.min-interval=10s and tidings.example.max-interval=1s and"
            + " tidings.example.message (not set) are inconsistent: max (PT1S) is less than min"
            + " (PT10S)",
        "tidings.example.min-interval=10s",
        "tidings.example.max-interval=1s");
  }

  @Test
  void aTransportsKeysAreReadLikeCoresOwn() {
    ConfigLoader loader =
        new ConfigLoader(
            Map.of("TIDINGS_SUBSCRIPTIONS_B_EXAMPLE_WAIT", "7s"),
            props("tidings.example.jitter=0.5"),
            ExampleTransport.REGISTRY);
    Properties file =
        props(
            URL,
            "tidings.example.wait=5s",
            "tidings.subscriptions.a.example.jitter=0.2",
            "tidings.subscriptions.b.example.min-interval=1s",
            "tidings.subscriptions.b.example.max-interval=2s");
    SubscriptionConfig a = loader.fromProperties(file, "a", SOURCE);
    assertEquals(Duration.ofSeconds(5), a.option(ExampleTransport.WAIT));
    assertEquals(0.2, a.option(ExampleTransport.JITTER));
    SubscriptionConfig b = loader.fromProperties(file, "b", SOURCE);
    assertEquals(Duration.ofSeconds(7), b.option(ExampleTransport.WAIT));
    assertEquals(0.5, b.option(ExampleTransport.JITTER));
    assertEquals(Duration.ofSeconds(2), b.option(ExampleTransport.MAX));
    assertMessage(
        "tidings.example.wait=0 must be greater than zero; expected e.g. 250ms, 30s, 5m or"
            + " ISO-8601 PT30S",
        "tidings.example.wait=0");
  }

  @Test
  void aKeyOfATransportThatIsNotThereSaysSo() {
    TransportRegistry exampleOnly = new TransportRegistry(List.of(new ExampleTransport()));
    assertEquals(
        SOURCE
            + ": unknown key tidings.websocket.ping-interval; no transport on the class path"
            + " declares keys tidings.websocket.* (transports found: example)",
        failWith(exampleOnly, URL, "tidings.websocket.ping-interval=5s").getMessage());
  }

  @Test
  void aConflictAcrossSourcesNamesBoth() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(
                        Map.of(),
                        props("tidings.reconnect.initial-delay=1m"),
                        ExampleTransport.REGISTRY)
                    .fromProperties(props(URL, "tidings.reconnect.max-delay=30s"), null, SOURCE));
    assertEquals(
        SOURCE
            + ": tidings.reconnect.max-delay=30s and tidings.reconnect.initial-delay=1m (from"
            + " system property) are inconsistent: maxDelay (PT30S) is less than initialDelay"
            + " (PT1M)",
        e.getMessage());
  }

  @Test
  void aBadHeaderNameIsReported() {
    ConfigurationException e = fail(URL, "tidings.headers.X\\ Bad=1");
    assertEquals("tidings.headers.X Bad", e.key());
    assertTrue(e.getMessage().contains("does not name a valid header"), e.getMessage());
  }

  // ---- secrets ----

  @Test
  void secretsNeverAppearInMessagesOrToString() {
    String secret = "hunter2-very-secret";
    ConfigLoader loader =
        new ConfigLoader(Map.of("TOKEN", secret), new Properties(), ExampleTransport.REGISTRY);
    SubscriptionConfig c =
        loader.fromProperties(
            props(
                "tidings.url=https://user:" + secret + "@host/feed?token=" + secret,
                "tidings.headers.Authorization=Bearer " + secret,
                "tidings.headers.Cookie=" + secret,
                "tidings.headers.Proxy-Authorization=${env:TOKEN}",
                "tidings.headers.X-Api-Key=${env:TOKEN}",
                "tidings.redact=x-api-key"),
            null,
            SOURCE);
    assertFalse(c.toString().contains(secret), c.toString());
    assertTrue(c.toString().contains("██"), c.toString());

    // A conflicting value elsewhere: the message shows no header values at all.
    for (String header : List.of("Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key")) {
      ConfigurationException e =
          assertThrows(
              ConfigurationException.class,
              () ->
                  loader.fromProperties(
                      props(
                          URL,
                          "tidings.redact=X-Api-Key",
                          "tidings.headers." + header + "=" + secret + "${env:MISSING}"),
                      null,
                      SOURCE));
      assertNoSecret(e, secret);
    }
    // A secret in a URL query or user-info is cut from messages.
    assertNoSecret(fail("tidings.url=ftp://u:" + secret + "@host/x?t=" + secret), secret);
    assertNoSecret(fail("tidings.url=http://host/a b?t=" + secret), secret);
    assertNoSecret(fail("tidings.url=http://u:" + secret + "@ho st/x"), secret);
  }

  @Test
  void aBadHeaderValueIsShownOnlyWhenNotSecret() {
    ConfigurationException secret =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY)
                    .fromProperties(
                        props(
                            URL,
                            "tidings.redact=X-Key",
                            "tidings.subscriptions.a.headers.x-key=sekrit\\nX: y"),
                        "a",
                        SOURCE));
    assertNoSecret(secret, "sekrit");
    assertEquals("tidings.subscriptions.a.headers.x-key", secret.key());
    assertEquals(
        SOURCE
            + ": tidings.subscriptions.a.headers.x-key=██ has a control character at index 6;"
            + " expected a header value of printable characters",
        secret.getMessage());
    ConfigurationException shown = fail(URL, "tidings.headers.X-Plain=a\\u0000b");
    assertEquals(
        SOURCE
            + ": tidings.headers.X-Plain=a\u0000b has a control character at index 1; expected a"
            + " header value of printable characters",
        shown.getMessage());
  }

  @Test
  void displayUrlStripsUserInfoQueryAndFragment() {
    assertEquals(
        "https://host:8443/a/b",
        ConfigLoader.displayUrl(URI.create("https://u:p@host:8443/a/b?token=x#frag")));
    assertEquals("ws://host", ConfigLoader.displayUrl(URI.create("ws://host")));
    assertEquals("null", ConfigLoader.displayUrl((URI) null));
    assertEquals("/events", ConfigLoader.displayUrl(URI.create("/events?token=x")));
    assertEquals("http://host/a b", ConfigLoader.displayUrl("http://u:p@host/a b?token=x"));
  }

  // ---- helpers ----

  private static Duration stall(String value) {
    return load(URL, "tidings.stall-timeout=" + value).stallTimeout();
  }

  private static long size(String value) {
    return load(URL, "tidings.max-message-size=" + value).maxMessageSize();
  }

  private static void assertMessage(String expectedAfterSource, String... lines) {
    String[] all = new String[lines.length + 1];
    all[0] = URL;
    System.arraycopy(lines, 0, all, 1, lines.length);
    assertEquals(SOURCE + ": " + expectedAfterSource, fail(all).getMessage());
  }

  private static void assertSuggests(String key, String suggestion) {
    ConfigurationException e = fail(URL, key + "=1");
    assertEquals(
        SOURCE + ": unknown key " + key + "; did you mean " + suggestion + "?", e.getMessage());
  }

  private static void assertNoSecret(Throwable e, String secret) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(secret), t.getMessage());
    }
  }

  private static SubscriptionConfig load(String... lines) {
    return new ConfigLoader(Map.of(), new Properties(), ExampleTransport.REGISTRY)
        .fromProperties(props(lines), null, SOURCE);
  }

  private static ConfigurationException fail(String... lines) {
    return assertThrows(ConfigurationException.class, () -> load(lines));
  }

  private static ConfigurationException failWith(TransportRegistry registry, String... lines) {
    return assertThrows(
        ConfigurationException.class,
        () ->
            new ConfigLoader(Map.of(), new Properties(), registry)
                .fromProperties(props(lines), null, SOURCE));
  }

  private static Properties props(String... lines) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(String.join("\n", lines)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static Path write(Path file, String... lines) throws IOException {
    return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}
