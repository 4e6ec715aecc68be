package io.tidings;

/** Which HTTP version the shared client speaks ({@code tidings.http.version}). */
public enum HttpVersion {
  /** HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise. */
  AUTO,
  /** HTTP/1.1 only. */
  HTTP_1_1,
  /** HTTP/2 over cleartext with prior knowledge; only for {@code http://} servers that speak it. */
  H2C
}
