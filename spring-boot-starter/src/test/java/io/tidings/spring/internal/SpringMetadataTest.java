package io.tidings.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.SubscriptionConfig;
import io.tidings.internal.TransportRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SpringMetadataTest {
  private static final Path COMMITTED =
      Path.of("src", "main", "resources", SpringMetadata.RESOURCE);
  private static final Path GENERATED = Path.of("target", "spring-configuration-metadata.json");

  /** The test class path has all four of Tidings' transports, so every key is listed. */
  private static final TransportRegistry ALL_TRANSPORTS =
      TransportRegistry.load(SpringMetadataTest.class.getClassLoader());

  @Test
  void theCommittedMetadataIsGeneratedFromTheKeyRegistry() throws Exception {
    assertThat(ALL_TRANSPORTS.names()).contains("shortpoll", "longpoll", "sse", "websocket");
    String expected = SpringMetadata.json(ALL_TRANSPORTS);
    String committed =
        Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
    if (!committed.equals(expected)) {
      Files.createDirectories(GENERATED.getParent());
      Files.writeString(GENERATED, expected, StandardCharsets.UTF_8);
    }
    assertThat(committed)
        .as(
            "spring-boot-starter/%s is out of date; regenerate it with\n"
                + "  cp spring-boot-starter/%s spring-boot-starter/%s\nor paste:\n%s",
            COMMITTED, GENERATED, COMMITTED, expected)
        .isEqualTo(expected);
  }

  @Test
  void theJarCarriesItAndItListsCoreTransportAndMapKeys() throws Exception {
    JsonNode properties = properties();
    List<String> names = new ArrayList<>();
    properties.forEach(p -> names.add(p.get("name").asText()));
    assertThat(names)
        .contains(
            "tidings.url",
            "tidings.transport",
            "tidings.reconnect.max-delay",
            "tidings.headers",
            "tidings.subscriptions",
            "tidings.sse.method",
            "tidings.websocket.ping-interval",
            "tidings.shortpoll.interval",
            "tidings.longpoll.wait",
            "tidings.poll.max-batch-size",
            "management.health.tidings.enabled")
        .doesNotHaveDuplicates();
    JsonNode maxDelay = byName(properties, "tidings.reconnect.max-delay");
    assertThat(maxDelay.get("type").asText()).isEqualTo("java.time.Duration");
    assertThat(maxDelay.get("defaultValue").asText()).isEqualTo("30s");
    assertThat(byName(properties, "tidings.url").has("defaultValue")).isFalse();
    assertThat(byName(properties, "tidings.subscriptions").get("type").asText())
        .startsWith("java.util.Map<");
    assertThat(byName(properties, "tidings.poll.max-batch-size").get("description").asText())
        .contains("tidings-transport-longpoll, tidings-transport-shortpoll");
  }

  @Test
  void everyListedDefaultIsAcceptedByTheLoader() throws Exception {
    int checked = 0;
    for (JsonNode p : properties()) {
      String name = p.get("name").asText();
      if (!name.startsWith("tidings.") || !p.has("defaultValue")) {
        continue;
      }
      JsonNode d = p.get("defaultValue");
      String text =
          d.isArray()
              ? String.join(
                  ",", StreamSupport.stream(d.spliterator(), false).map(JsonNode::asText).toList())
              : d.asText();
      Properties props = new Properties();
      props.setProperty("tidings.url", "http://localhost/");
      props.setProperty(name, text);
      assertThatCode(() -> SubscriptionConfig.fromProperties(props))
          .as("%s=%s", name, text)
          .doesNotThrowAnyException();
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }

  /** The starter's own file as the jar gets it (Spring Boot's jars carry one of the same name). */
  private static JsonNode properties() throws Exception {
    Path built = Path.of("target", "classes", SpringMetadata.RESOURCE);
    assertThat(built).exists();
    try (InputStream in = Files.newInputStream(built)) {
      return new ObjectMapper().readTree(in).get("properties");
    }
  }

  private static JsonNode byName(JsonNode properties, String name) {
    for (JsonNode p : properties) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no property " + name);
  }
}
