package io.tidings.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tidings' shared Jackson mapper: lenient about unknown properties, and its parsers' buffers come
 * from one bounded pool instead of Jackson's default per-thread pool, which would keep about 8 KB
 * of buffers for every thread that ever parsed (on JDK 17 one reader thread per subscription).
 * Otherwise Jackson defaults.
 */
public final class Json {
  /** Buffer sets the mapper's pool keeps for reuse; more parsers at once allocate their own. */
  static final int RECYCLER_POOL_SIZE = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLER_POOL_SIZE))
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /**
   * {@code node} as compact JSON, as {@link JsonNode#toString()} writes it but with the shared
   * mapper's pooled buffers (toString() uses Jackson's per-thread ones). Thread-safe.
   */
  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written: " + e, e); // a bug
    }
  }

  /** The shared mapper. Thread-safe; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
