package io.tidings.spi;

import io.tidings.ConnectionException;
import io.tidings.DecodeException;
import io.tidings.HttpStatusException;
import io.tidings.MessageTooLargeException;
import io.tidings.ProtocolException;
import io.tidings.ServerClosedException;
import io.tidings.StallException;
import io.tidings.SubscriptionConfig;
import io.tidings.TidingsException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes the secret values a subscription sends from text that may reach a log line, an exception
 * message or a {@code toString()}: the values of {@code Authorization}, {@code Cookie}, {@code
 * Proxy-Authorization} and every header named in {@code tidings.redact} (and the token after an
 * auth scheme, such as {@code Bearer}), the user info of {@code tidings.url}, and the values of its
 * query parameters; for each connection attempt also the headers a {@code CredentialsProvider}
 * returned and the secret headers and query parameters a {@code RequestCustomizer} set. A server
 * that echoes a token back (in a status reason, a close reason, an error body) cannot get it into
 * Tidings' output through these paths, because every such text goes through {@link #redact(String)}
 * first.
 *
 * <p>Values shorter than {@value #MIN_SECRET_LENGTH} characters are not redacted (they would mask
 * ordinary words). Immutable and thread-safe.
 */
public final class Redactor {
  /** What a secret is replaced with, as in {@link SubscriptionConfig#headersForDisplay()}. */
  public static final String MASK = "██";

  /** Shorter values are not treated as secrets. */
  public static final int MIN_SECRET_LENGTH = 4;

  /** Redacts nothing. */
  public static final Redactor NONE = new Redactor(List.of());

  private final List<String> secrets; // longest first, so a value containing another goes whole

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * The secrets of a subscription: its secret headers' values and its URL's user info and query.
   */
  public static Redactor of(SubscriptionConfig config) {
    Set<String> values = new LinkedHashSet<>();
    for (Map.Entry<String, String> h : config.headers().entrySet()) {
      if (config.isRedacted(h.getKey())) {
        addHeaderValue(values, h.getValue());
      }
    }
    addUri(values, config.url());
    return of(values);
  }

  /**
   * The secrets visible in a request alone: its {@code Authorization}, {@code Cookie} and {@code
   * Proxy-Authorization} values, and its URL's user info and query. What {@link HttpFailures} uses
   * when it is not given the subscription's redactor.
   */
  public static Redactor forRequest(okhttp3.Request request) {
    Set<String> values = new LinkedHashSet<>();
    for (String name : SubscriptionConfig.ALWAYS_REDACTED) {
      for (String v : request.headers(name)) {
        addHeaderValue(values, v);
      }
    }
    addUri(values, request.url().uri());
    return of(values);
  }

  /**
   * The secrets in these header values: each whole value, the credentials after an auth scheme
   * ({@code Bearer abc}: {@code abc}) and each cookie's value. For the headers a {@code
   * CredentialsProvider} returned, which are secrets whatever their names.
   */
  public static Redactor forHeaderValues(Iterable<String> headerValues) {
    Set<String> values = new LinkedHashSet<>();
    for (String v : headerValues) {
      addHeaderValue(values, v);
    }
    return of(values);
  }

  /** The user info and query values of a URL. */
  public static Redactor forUrl(okhttp3.HttpUrl url) {
    Set<String> values = new LinkedHashSet<>();
    addUri(values, url.uri());
    return of(values);
  }

  /** This redactor and {@code other} together. */
  public Redactor and(Redactor other) {
    if (other.secrets.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(secrets);
    all.addAll(other.secrets);
    return of(all);
  }

  /** A redactor for these values (with their URL-encoded forms). */
  public static Redactor of(Iterable<String> values) {
    Set<String> all = new LinkedHashSet<>();
    for (String v : values) {
      if (v != null && v.length() >= MIN_SECRET_LENGTH) {
        all.add(v);
        all.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return sorted.isEmpty() ? NONE : new Redactor(List.copyOf(sorted));
  }

  private static void addHeaderValue(Set<String> values, String value) {
    if (value == null) {
      return;
    }
    values.add(value.trim());
    // "Bearer abc", "Basic xyz": the credentials alone, as a server would echo them.
    int space = value.trim().indexOf(' ');
    if (space > 0) {
      values.add(value.trim().substring(space + 1).trim());
    }
    // "a=1; session=xyz": each cookie value.
    for (String part : value.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        values.add(part.substring(eq + 1).trim());
      }
    }
  }

  private static void addUri(Set<String> values, URI uri) {
    if (uri == null) {
      return;
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      values.add(userInfo);
      values.add(decode(userInfo));
      for (String part : userInfo.split(":", 2)) {
        values.add(part);
        values.add(decode(part));
      }
    }
    String query = uri.getRawQuery();
    if (query != null) {
      values.add(query);
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq >= 0 && eq < pair.length() - 1) {
          String v = pair.substring(eq + 1);
          values.add(v);
          values.add(decode(v));
        }
      }
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** {@code text} with every secret replaced by {@link #MASK}; null stays null. */
  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /** True when {@code text} holds a secret. */
  public boolean reveals(String text) {
    if (text == null) {
      return false;
    }
    for (String s : secrets) {
      if (text.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /** True when the message of {@code t} or of any of its causes holds a secret. */
  public boolean reveals(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (reveals(c.getMessage()) || reveals(c.toString())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code e} itself when nothing in it or its causes holds a secret; otherwise a copy of the same
   * class (for Tidings' own exceptions; another subclass becomes a {@link TidingsException} of the
   * same kind, its class name in the message) whose message and causes are redacted. Stack traces
   * are kept.
   */
  public TidingsException sanitize(TidingsException e) {
    if (e == null || !reveals(e)) {
      return e;
    }
    return (TidingsException) copy(e);
  }

  /** A foreign cause: itself when clean, else a {@link Redacted} stand-in. */
  public Throwable sanitize(Throwable t) {
    if (t == null || !reveals(t)) {
      return t;
    }
    return copy(t);
  }

  private Throwable copy(Throwable t) {
    Throwable cause = t.getCause() == t ? null : sanitize(t.getCause());
    String message = redact(t.getMessage());
    Throwable copy;
    if (t instanceof HttpStatusException) {
      HttpStatusException h = (HttpStatusException) t;
      copy = new HttpStatusException(h.statusCode(), message, h.retryAfter().orElse(null));
    } else if (t instanceof ServerClosedException) {
      ServerClosedException s = (ServerClosedException) t;
      copy = new ServerClosedException(s.code().orElse(-1), redact(s.reason()), message);
    } else if (t instanceof StallException) {
      copy = new StallException(message, ((StallException) t).timeout(), cause);
    } else if (t instanceof MessageTooLargeException) {
      copy = new MessageTooLargeException(((MessageTooLargeException) t).limit(), message);
    } else if (t instanceof DecodeException) {
      copy = new DecodeException(message, cause);
    } else if (t instanceof ProtocolException) {
      copy = new ProtocolException(message, cause);
    } else if (t instanceof ConnectionException) {
      copy = new ConnectionException(message, cause);
    } else if (t instanceof TidingsException) {
      String prefix =
          t.getClass() == TidingsException.class ? "" : t.getClass().getSimpleName() + ": ";
      copy = new TidingsException(((TidingsException) t).kind(), prefix + message, cause);
    } else {
      copy = new Redacted(t.getClass().getName() + ": " + message, cause);
    }
    if (copy.getCause() == null && cause != null) {
      copy.initCause(cause);
    }
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** Stands in for a foreign exception whose message held a secret. */
  public static final class Redacted extends Exception {
    private static final long serialVersionUID = 1L;

    Redacted(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage(); // already "original.ClassName: redacted message"
    }
  }

  @Override
  public String toString() {
    return "Redactor{" + secrets.size() + " secret(s)}";
  }
}
