package io.tidings.websocket.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * Renders {@code tidings.websocket.resume-message}: the template with every {@code ${lastEventId}}
 * replaced by the JSON-escaped id, without quotes (the template has them).
 */
public final class ResumeMessage {
  /** The placeholder replaced by the cursor. */
  public static final String PLACEHOLDER = "${lastEventId}";

  private ResumeMessage() {}

  /**
   * Renders the template.
   *
   * @param template the configured template, not null
   * @param lastEventId the cursor, not null
   * @param mapper escapes the id
   */
  public static String render(String template, String lastEventId, ObjectMapper mapper) {
    return template.replace(PLACEHOLDER, jsonEscape(lastEventId, mapper));
  }

  /** The id as the inside of a JSON string: quotes, backslashes and controls escaped. */
  static String jsonEscape(String value, ObjectMapper mapper) {
    try {
      String quoted = mapper.writeValueAsString(value);
      return quoted.substring(1, quoted.length() - 1);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
