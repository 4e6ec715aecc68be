package io.tidings.websocket.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * Renders {@code tidings.websocket.resume-message}: the template with every {@code ${lastEventId}}
 * replaced by the JSON-escaped id and every {@code ${header:Name}} by the JSON-escaped value of
 * that request header of this attempt (so a {@code CredentialsProvider}'s fresh token can go into
 * the message), both without quotes (the template has them). An unknown header renders empty.
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
    return render(template, lastEventId, okhttp3.Headers.of(), mapper);
  }

  /**
   * Renders the template with this attempt's headers.
   *
   * @param template the configured template, not null
   * @param lastEventId the cursor, not null
   * @param headers the attempt's request headers, not null
   * @param mapper escapes the values
   */
  public static String render(
      String template, String lastEventId, okhttp3.Headers headers, ObjectMapper mapper) {
    String out = template.replace(PLACEHOLDER, jsonEscape(lastEventId, mapper));
    int start;
    int from = 0;
    while ((start = out.indexOf(HEADER_PLACEHOLDER, from)) >= 0) {
      int end = out.indexOf('}', start);
      if (end < 0) {
        break;
      }
      String name = out.substring(start + HEADER_PLACEHOLDER.length(), end);
      String value = headers.get(name);
      String escaped = value == null ? "" : jsonEscape(value, mapper);
      out = out.substring(0, start) + escaped + out.substring(end + 1);
      from = start + escaped.length();
    }
    return out;
  }

  /** How a header placeholder starts: {@code ${header:Authorization}}. */
  public static final String HEADER_PLACEHOLDER = "${header:";

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
