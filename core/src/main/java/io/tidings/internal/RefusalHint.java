package io.tidings.internal;

import io.tidings.HttpStatusException;
import io.tidings.TidingsException;
import io.tidings.spi.HttpFailures;

/**
 * What a 401 or 403 tells the application to check, by where the attempt's credentials came from:
 * the transports' {@link HttpFailures#CREDENTIALS_HINT} names {@code
 * tidings.headers.Authorization}, which is wrong when a {@link io.tidings.CredentialsProvider} or a
 * {@link io.tidings.RequestCustomizer} supplied them. Stateless.
 */
final class RefusalHint {
  /** Where an attempt's credentials came from. */
  enum Source {
    /** {@code tidings.headers} (or none). */
    CONFIGURED,
    /** The {@link io.tidings.CredentialsProvider}. */
    PROVIDER,
    /** The {@link io.tidings.RequestCustomizer} set the {@code Authorization} header. */
    CUSTOMIZER
  }

  private RefusalHint() {}

  /**
   * {@code reason} with the hint for {@code source}, or {@code reason} itself when it is not a
   * refusal or the credentials were configured.
   *
   * @param refreshed true when the refused attempt had asked the provider for fresh credentials
   * @param refreshOn403 {@code tidings.credentials.refresh-on-403}
   */
  static TidingsException explain(
      TidingsException reason, Source source, boolean refreshed, boolean refreshOn403) {
    if (source == Source.CONFIGURED || !(reason instanceof HttpStatusException)) {
      return reason;
    }
    HttpStatusException status = (HttpStatusException) reason;
    int code = status.statusCode();
    String message = status.getMessage();
    if ((code != 401 && code != 403) || !message.contains(HttpFailures.CREDENTIALS_HINT)) {
      return reason;
    }
    String hint = ": " + hint(code, source, refreshed, refreshOn403);
    HttpStatusException explained =
        new HttpStatusException(
            code,
            message.replace(HttpFailures.CREDENTIALS_HINT, hint),
            status.retryAfter().orElse(null));
    explained.setStackTrace(status.getStackTrace());
    return explained;
  }

  private static String hint(int code, Source source, boolean refreshed, boolean refreshOn403) {
    if (source == Source.CUSTOMIZER) {
      return "the server refused the Authorization header the RequestCustomizer set for this"
          + " attempt; check what it sets";
    }
    if (code == 403 && !refreshOn403) {
      return "the server refused the CredentialsProvider's credentials (403: known, but not"
          + " allowed here); check the rights of the account they are for, or set"
          + " tidings.credentials.refresh-on-403=true if this server answers 403 for an expired"
          + " token";
    }
    if (!refreshed) {
      return "the server refused the CredentialsProvider's credentials; asking it for fresh ones"
          + " (CredentialsRequest.refresh() true) and connecting again at once";
    }
    return "the fresh credentials the CredentialsProvider returned for CredentialsRequest.refresh()"
        + " true, after a first refusal, were refused as well; check that its refresh fetches a"
        + " new token (not a cached one) and that the token is valid for this server (audience,"
        + " scope, the account's rights)";
  }
}
