package io.tidings;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CredentialsProvider} is asked for: the transport and attempt being connected, and
 * whether the server just refused the previous credentials. Immutable.
 */
public final class CredentialsRequest {
  private final String subscription;
  private final String transport;
  private final int attempt;
  private final boolean refresh;
  private final String lastEventId;

  /**
   * Creates a request; core does this, tests may too.
   *
   * @param subscription the subscription's name, not null
   * @param transport the transport being connected, not null
   * @param attempt the 1-based number of this connection attempt of the subscription
   * @param refresh true when the server refused the last credentials (401, or 403 when configured)
   * @param lastEventId the id the attempt resumes after, or null
   */
  public CredentialsRequest(
      String subscription, String transport, int attempt, boolean refresh, String lastEventId) {
    this.subscription = Objects.requireNonNull(subscription, "subscription");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.attempt = attempt;
    this.refresh = refresh;
    this.lastEventId = lastEventId;
  }

  /** The subscription's name. */
  public String subscription() {
    return subscription;
  }

  /** The transport being connected ({@code sse}, {@code websocket}, ...). */
  public String transport() {
    return transport;
  }

  /** The 1-based number of this connection attempt of the subscription. */
  public int attempt() {
    return attempt;
  }

  /** True when the server refused the previous credentials: fetch new ones, skip any cache. */
  public boolean refresh() {
    return refresh;
  }

  /** The id this attempt resumes after, if any. */
  public Optional<String> lastEventId() {
    return Optional.ofNullable(lastEventId);
  }

  @Override
  public String toString() {
    return "CredentialsRequest{subscription="
        + subscription
        + ", transport="
        + transport
        + ", attempt="
        + attempt
        + ", refresh="
        + refresh
        + '}';
  }
}
