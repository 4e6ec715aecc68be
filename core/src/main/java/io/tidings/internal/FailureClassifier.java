package io.tidings.internal;

import io.tidings.FailureDecision;
import io.tidings.FailureKind;
import io.tidings.HttpStatusException;
import io.tidings.ServerClosedException;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import io.tidings.spi.ConfigOption;
import io.tidings.spi.TransportProvider;
import java.util.Optional;
import java.util.Set;

/**
 * The one place a failure that ended a connection becomes a {@link FailureDecision}, for every
 * transport. Rules, in order:
 *
 * <ol>
 *   <li>HTTP 204 (an SSE server saying "stop"): {@link FailureDecision#END_NORMALLY}.
 *   <li>With a credentials provider, HTTP 401 (and 403 with {@code
 *       tidings.credentials.refresh-on-403}): {@link FailureDecision#REAUTHENTICATE}; the
 *       coordinator gives up when fresh credentials are refused too. Never a fall-back.
 *   <li>The transport's own reading ({@link TransportProvider#classify}), such as a refused
 *       WebSocket upgrade: {@link FailureDecision#FALL_BACK}.
 *   <li>A status in {@code tidings.reconnect.fatal-statuses}, a close code in {@code
 *       tidings.websocket.fatal-close-codes}, a configuration or unsupported failure: {@link
 *       FailureDecision#GIVE_UP}.
 *   <li>Anything else (network, timeout/stall, 5xx, protocol, an ordinary close): {@link
 *       FailureDecision#RETRY}.
 * </ol>
 *
 * {@link ReconnectPolicy} then decides the delay and whether the attempt budget allows a retry.
 * Immutable and thread-safe.
 */
final class FailureClassifier {
  /** A decision and, for {@link FailureDecision#GIVE_UP}, the sentence saying why. */
  record Verdict(FailureDecision decision, String why) {}

  private final SubscriptionConfig config;
  private final boolean canReauthenticate;

  /**
   * @param config the subscription's configuration (fatal statuses and close codes)
   * @param canReauthenticate true when core can ask for fresh credentials (a credentials provider
   *     is set); without one a 401 follows the fatal-status rule
   */
  FailureClassifier(SubscriptionConfig config, boolean canReauthenticate) {
    this.config = config;
    this.canReauthenticate = canReauthenticate;
  }

  Verdict classify(TidingsException failure, TransportProvider transport) {
    if (failure instanceof HttpStatusException) {
      int code = ((HttpStatusException) failure).statusCode();
      if (code == 204) {
        return new Verdict(FailureDecision.END_NORMALLY, null);
      }
      if (canReauthenticate && (code == 401 || (code == 403 && config.refreshCredentialsOn403()))) {
        return new Verdict(FailureDecision.REAUTHENTICATE, null);
      }
    }
    Optional<FailureDecision> own = transportReading(failure, transport);
    if (own.isPresent()) {
      FailureDecision d = own.get();
      return new Verdict(
          d,
          d == FailureDecision.GIVE_UP
              ? "Transport '" + transport.name() + "' cannot go on: " + failure.getMessage()
              : null);
    }
    String fatal = fatalReason(failure, transport);
    return fatal == null
        ? new Verdict(FailureDecision.RETRY, null)
        : new Verdict(FailureDecision.GIVE_UP, fatal);
  }

  /**
   * What a {@link FailureDecision#FALL_BACK} becomes when there is no other transport to fall back
   * to: a fatal status gives up as on any transport, anything else is retried.
   */
  Verdict withoutFallback(TidingsException failure, TransportProvider transport) {
    String fatal = fatalReason(failure, transport);
    return fatal == null
        ? new Verdict(FailureDecision.RETRY, null)
        : new Verdict(FailureDecision.GIVE_UP, fatal);
  }

  /** Why this failure ends the subscription by core's own rules, or null when it is retried. */
  private String fatalReason(TidingsException failure, TransportProvider transport) {
    if (failure instanceof HttpStatusException) {
      int code = ((HttpStatusException) failure).statusCode();
      if (config.reconnectPolicy().isFatalStatus(code)) {
        return fatalStatus(failure, code);
      }
    } else if (failure instanceof ServerClosedException) {
      ServerClosedException closed = (ServerClosedException) failure;
      var code = closed.code();
      if (code.isPresent() && fatalCloseCodes(transport).contains(code.getAsInt())) {
        return "The server closed with code "
            + code.getAsInt()
            + " ("
            + closed.reason()
            + "), which ends the subscription (tidings.websocket.fatal-close-codes)";
      }
    } else if (failure.kind() == FailureKind.CONFIGURATION
        || failure.kind() == FailureKind.UNSUPPORTED) {
      return failure.getMessage();
    }
    return null;
  }

  /** The transport's {@code tidings.<name>.fatal-close-codes} option, if it declares one. */
  private Set<?> fatalCloseCodes(TransportProvider transport) {
    if (transport == null) {
      return Set.of();
    }
    for (ConfigOption<?> o : transport.options()) {
      if (o.name().endsWith(".fatal-close-codes")) {
        Object v = config.option(o);
        return v instanceof Set ? (Set<?>) v : Set.of();
      }
    }
    return Set.of();
  }

  private static String fatalStatus(TidingsException failure, int code) {
    return "HTTP "
        + code
        + " is not retried (tidings.reconnect.fatal-statuses): "
        + failure.getMessage();
  }

  private Optional<FailureDecision> transportReading(
      TidingsException failure, TransportProvider transport) {
    try {
      Optional<FailureDecision> d = transport.classify(failure, config);
      return d == null ? Optional.empty() : d;
    } catch (RuntimeException e) {
      return Optional.empty(); // a broken classify must not break the reconnect loop
    }
  }
}
