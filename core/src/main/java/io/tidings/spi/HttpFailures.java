package io.tidings.spi;

import io.tidings.ConnectionException;
import io.tidings.HttpStatusException;
import io.tidings.StallException;
import io.tidings.TidingsException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.Response;

/** Turns OkHttp outcomes into Tidings exceptions, the same way for every HTTP transport. */
public final class HttpFailures {
  /**
   * What the message of a 401 or 403 ends with (before any transport's own hint). Core replaces it
   * when the credentials came from a {@code CredentialsProvider} or {@code RequestCustomizer}.
   */
  public static final String CREDENTIALS_HINT =
      ": check the credentials in tidings.headers.Authorization";

  private HttpFailures() {}

  /**
   * An exception for a response whose status the transport cannot use, with its {@code
   * Retry-After}. Does not close the response.
   */
  public static HttpStatusException status(Response response) {
    return status(response, Redactor.NONE);
  }

  /**
   * {@link #status(Response)} with the subscription's secrets, and those the request shows,
   * redacted from the message: a server may echo a token in its status reason.
   */
  public static HttpStatusException status(Response response, Redactor redactor) {
    Redactor r = redactor.and(Redactor.forRequest(response.request()));
    int code = response.code();
    Duration retryAfter = parseRetryAfter(response.header("Retry-After"), Clock.systemUTC());
    String message =
        "HTTP "
            + code
            + (response.message().isEmpty() ? "" : " " + response.message())
            + " from "
            + displayUrl(response.request().url())
            + hint(code);
    return new HttpStatusException(code, r.redact(message), retryAfter);
  }

  /**
   * An exception for an I/O failure: a timeout is a {@link StallException}, else a network failure.
   *
   * @param e what OkHttp threw
   * @param url the request's URL, for the message (shown without its query)
   * @param timeout the read or call timeout in force ({@link TransportContext#stallTimeout()})
   */
  public static TidingsException io(IOException e, HttpUrl url, Duration timeout) {
    return io(e, url, timeout, Redactor.NONE);
  }

  /**
   * {@link #io(IOException, HttpUrl, Duration)} with the subscription's secrets (and the URL's)
   * redacted from the message and the cause: an I/O error may quote what the server sent (a status
   * line).
   */
  public static TidingsException io(
      IOException e, HttpUrl url, Duration timeout, Redactor redactor) {
    Redactor r = redactor.and(Redactor.forUrl(url));
    return r.sanitize(ioUnredacted(e, url, timeout));
  }

  private static TidingsException ioUnredacted(IOException e, HttpUrl url, Duration timeout) {
    String where = " (" + displayUrl(url) + ")";
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return new StallException("Timed out: " + e.getMessage() + where, timeout, e);
    }
    if (e instanceof java.io.EOFException
        || String.valueOf(e.getMessage()).contains("unexpected end of stream")) {
      // A stream ends this way when its server goes away (killed, restarted), a poll when the
      // server cut its answer short; either way core reconnects and resumes from the last message.
      return new ConnectionException(
          "The server closed the connection"
              + where
              + "; reconnecting as tidings.reconnect.* says, resuming after the last message"
              + " delivered",
          e);
    }
    String tls = tlsHint(e, url);
    if (tls != null) {
      return new ConnectionException(tls + where, e);
    }
    return new ConnectionException(e.getClass().getSimpleName() + ": " + e.getMessage() + where, e);
  }

  /**
   * What to do about a failed TLS handshake, or null when {@code e} is not one: an untrusted server
   * certificate names {@code tidings.tls.trust-store}, a refused client certificate {@code
   * tidings.tls.key-store}.
   */
  private static String tlsHint(IOException e, HttpUrl url) {
    String found = null;
    if (url.isHttps()
        && (e instanceof java.net.SocketException || e instanceof javax.net.ssl.SSLException)
        && io.tidings.internal.TlsSetting.clientCertificateWanted(url.host(), url.port())) {
      found =
          "The TLS connection failed ("
              + e.getMessage()
              + ") after the server asked for a client certificate and none was configured: set "
              + io.tidings.internal.TlsSetting.KEY_STORE
              + " (with -type and -password) to a key store holding yours";
    }
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof java.security.cert.CertPathValidatorException
          || t.getClass().getSimpleName().equals("SunCertPathBuilderException")
          || m.contains("PKIX path")) {
        return "The server's TLS certificate is not trusted ("
            + e.getMessage()
            + "): if a private CA signed it, set "
            + io.tidings.internal.TlsSetting.TRUST_STORE
            + " (with -type and -password) to a trust store holding that CA's certificate";
      }
      if (t instanceof javax.net.ssl.SSLPeerUnverifiedException && m.startsWith("Hostname")) {
        return "The server's TLS certificate does not name the host of tidings.url ("
            + m
            + "): connect with a host name the certificate lists";
      }
      if (m.contains("certificate_required") || m.contains("bad_certificate")) {
        found =
            "The server refused the TLS handshake ("
                + m
                + "): it wants a client certificate it trusts; set "
                + io.tidings.internal.TlsSetting.KEY_STORE
                + " (with -type and -password) to a key store holding yours";
      }
    }
    return found;
  }

  /**
   * The HTTP date forms a recipient must accept (RFC 9110 5.6.7): IMF-fixdate, RFC 850, asctime.
   */
  private static final List<DateTimeFormatter> HTTP_DATE_FORMATS =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
              .withZone(ZoneOffset.UTC));

  /**
   * Parses a {@code Retry-After} value: delta-seconds or an HTTP date (any of the three forms).
   *
   * @return the delay (zero for a date in the past), or null when absent or unparseable
   */
  public static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    Instant when = parseHttpDate(v);
    if (when == null) {
      return null;
    }
    Duration d = Duration.between(clock.instant(), when);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** An HTTP date in any of its three forms, or null when {@code value} is not one. */
  public static Instant parseHttpDate(String value) {
    for (DateTimeFormatter format : HTTP_DATE_FORMATS) {
      try {
        return ZonedDateTime.parse(value, format).toInstant();
      } catch (DateTimeException e) {
        // try the next format
      }
    }
    return null;
  }

  /** The URL without query or credentials, safe for logs and messages. */
  public static String displayUrl(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port() + url.encodedPath();
  }

  private static String hint(int code) {
    switch (code) {
      case 401:
      case 403:
        return CREDENTIALS_HINT;
      case 404:
      case 410:
        return ": check tidings.url";
      case 407:
        return ": the proxy wants credentials; give them in tidings.proxy"
            + " (http://user:password@host:port)";
      case 429:
      case 503:
        return ": the server is busy; Tidings waits as long as Retry-After asks";
      default:
        return "";
    }
  }
}
