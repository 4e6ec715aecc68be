package io.tidings.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.FailureKind;
import io.tidings.HttpStatusException;
import io.tidings.StallException;
import io.tidings.TidingsException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HttpFailuresTest {
  private static final HttpUrl URL =
      HttpUrl.get("https://user:pw@feed.example.com:8443/events?token=s3cret");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    assertEquals(Duration.ofSeconds(120), HttpFailures.parseRetryAfter("120", CLOCK));
    assertEquals(
        Duration.ofSeconds(90),
        HttpFailures.parseRetryAfter("Sat, 28 Nov 2026 10:01:30 GMT", CLOCK));
    assertEquals(
        Duration.ZERO, HttpFailures.parseRetryAfter("Sat, 28 Nov 2026 09:00:00 GMT", CLOCK));
    // The two obsolete forms HTTP still asks recipients to accept: RFC 850 and asctime.
    assertEquals(
        Duration.ofSeconds(90),
        HttpFailures.parseRetryAfter("Saturday, 28-Nov-26 10:01:30 GMT", CLOCK));
    assertEquals(
        Duration.ofSeconds(90), HttpFailures.parseRetryAfter("Sat Nov 28 10:01:30 2026", CLOCK));
    assertEquals(
        Duration.ofDays(3).plusSeconds(90),
        HttpFailures.parseRetryAfter("Tue Dec  1 10:01:30 2026", CLOCK));
    assertNull(HttpFailures.parseRetryAfter("soon", CLOCK));
    assertNull(HttpFailures.parseRetryAfter("", CLOCK));
    assertNull(HttpFailures.parseRetryAfter(null, CLOCK));
  }

  @Test
  void statusKeepsTheCodeAndRetryAfterAndHidesTheQuery() {
    Response r =
        new Response.Builder()
            .request(new Request.Builder().url(URL).build())
            .protocol(Protocol.HTTP_1_1)
            .code(503)
            .message("Service Unavailable")
            .header("Retry-After", "7")
            .build();
    HttpStatusException e = HttpFailures.status(r);
    assertEquals(503, e.statusCode());
    assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
    assertTrue(e.getMessage().contains("https://feed.example.com:8443/events"), e.getMessage());
  }

  @Test
  void ioFailuresAreClassified() {
    TidingsException timeout =
        HttpFailures.io(new SocketTimeoutException("read timed out"), URL, Duration.ofSeconds(1));
    assertEquals(FailureKind.TIMEOUT, timeout.kind());
    assertEquals(Duration.ofSeconds(1), ((StallException) timeout).timeout());
    TidingsException eof =
        HttpFailures.io(new EOFException("\\n not found: limit=0"), URL, Duration.ofSeconds(1));
    assertEquals(FailureKind.NETWORK, eof.kind());
    // A killed stream server: what happened, and what happens next (issue 10, 6d).
    assertTrue(
        eof.getMessage().startsWith("The server closed the connection (https://"),
        eof.getMessage());
    assertFalse(eof.getMessage().contains("in the middle"), eof.getMessage());
    assertTrue(eof.getMessage().contains("reconnecting"), eof.getMessage());
    assertEquals(
        FailureKind.NETWORK,
        HttpFailures.io(new IOException("Connection reset"), URL, Duration.ofSeconds(1)).kind());
  }

  @Test
  void tlsFailuresSayWhichKeyToSet() {
    javax.net.ssl.SSLHandshakeException untrusted =
        new javax.net.ssl.SSLHandshakeException(
            "PKIX path building failed: unable to find valid certification path");
    untrusted.initCause(new java.security.cert.CertPathValidatorException("no trust anchor"));
    TidingsException e = HttpFailures.io(untrusted, URL, Duration.ofSeconds(1));
    assertEquals(FailureKind.NETWORK, e.kind());
    assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
    assertTrue(e.getMessage().contains("tidings.tls.trust-store"), e.getMessage());
    TidingsException refused =
        HttpFailures.io(
            new javax.net.ssl.SSLHandshakeException("Received fatal alert: bad_certificate"),
            URL,
            Duration.ofSeconds(1));
    assertTrue(refused.getMessage().contains("tidings.tls.key-store"), refused.getMessage());
    TidingsException host =
        HttpFailures.io(
            new javax.net.ssl.SSLPeerUnverifiedException("Hostname feed.example.com not verified"),
            URL,
            Duration.ofSeconds(1));
    assertTrue(host.getMessage().contains("does not name the host"), host.getMessage());
  }

  @Test
  void aProxyAskingForCredentialsNamesTidingsProxy() {
    Response r =
        new Response.Builder()
            .request(new Request.Builder().url(URL).build())
            .protocol(Protocol.HTTP_1_1)
            .code(407)
            .message("Proxy Authentication Required")
            .build();
    HttpStatusException e = HttpFailures.status(r);
    assertEquals(407, e.statusCode());
    assertTrue(e.getMessage().contains("tidings.proxy"), e.getMessage());
  }
}
