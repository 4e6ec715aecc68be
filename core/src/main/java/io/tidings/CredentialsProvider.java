package io.tidings;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Supplies the credentials of each connection attempt: headers such as {@code Authorization} that
 * must be fresh every time a subscription connects, on every transport (the requests of both polls,
 * the SSE request, the WebSocket upgrade, and the {@code ${...}} placeholders of a WebSocket resume
 * message).
 *
 * <p>When a server refuses the credentials with 401 (or 403, when {@code
 * tidings.credentials.refresh-on-403=true}), core asks once more with {@link
 * CredentialsRequest#refresh()} true and reconnects at once; only a second refusal in a row ends
 * the subscription. A provider that throws, completes exceptionally or does not complete within its
 * timeout ({@code tidings.credentials.timeout}, default {@link #DEFAULT_TIMEOUT}) is a failed
 * connection attempt: core backs off and tries again, with the provider's error as the cause.
 *
 * <p>Threading: called on one of core's executor threads, never on a network or timer thread, one
 * call at a time per subscription; blocking is allowed but counts against the timeout. Returned
 * values are secrets: they are redacted from every log line, exception message and {@code
 * toString()}. Returned headers replace configured headers of the same name.
 */
@FunctionalInterface
public interface CredentialsProvider {
  /** How long core waits for {@link #credentials} before the attempt fails: 10 s. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The headers for one connection attempt.
   *
   * @param request which attempt, and whether the last credentials were refused; not null
   * @return header names and values, not null (an empty map adds nothing)
   */
  CompletionStage<Map<String, String>> credentials(CredentialsRequest request);
}
