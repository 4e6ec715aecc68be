package io.tidings.internal;

import io.tidings.RequestCustomizer;
import io.tidings.spi.Redactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The request changes of one attempt (credentials, {@link RequestCustomizer}), collected once and
 * applied by an application interceptor to each request of that attempt. Thread-safe once built.
 */
final class AttemptRequest implements Interceptor, RequestCustomizer.RequestChanges {
  private final Map<String, String> setHeaders = new LinkedHashMap<>();
  private final List<String> removedHeaders = new ArrayList<>();
  private final Map<String, String> setParams = new LinkedHashMap<>();
  private final List<String> removedParams = new ArrayList<>();
  private volatile Set<String> secretHeaders = Set.of(); // lower case
  private volatile boolean frozen;
  private volatile RefusalHint.Source credentialsSource = RefusalHint.Source.CONFIGURED;

  @Override
  public AttemptRequest setQueryParameter(String name, String value) {
    checkOpen();
    removedParams.remove(name);
    setParams.put(requireName(name), java.util.Objects.requireNonNull(value, "value"));
    return this;
  }

  @Override
  public AttemptRequest removeQueryParameter(String name) {
    checkOpen();
    setParams.remove(name);
    removedParams.add(requireName(name));
    return this;
  }

  @Override
  public AttemptRequest setHeader(String name, String value) {
    checkOpen();
    // Validates name and value the way OkHttp will, so a bad one fails the attempt here.
    new Headers.Builder().add(name, value);
    removedHeaders.removeIf(name::equalsIgnoreCase);
    setHeaders.keySet().removeIf(name::equalsIgnoreCase);
    setHeaders.put(name, value);
    return this;
  }

  @Override
  public AttemptRequest removeHeader(String name) {
    checkOpen();
    setHeaders.keySet().removeIf(name::equalsIgnoreCase);
    removedHeaders.add(requireName(name));
    return this;
  }

  /**
   * No more changes: the interceptor may run from now on.
   *
   * @param secret true for the names of the headers set that are secrets (credentials, {@code
   *     tidings.redact}); they are redacted and kept off other origins on redirects
   */
  AttemptRequest freeze(Predicate<String> secret) {
    Set<String> names = new HashSet<>();
    for (String name : setHeaders.keySet()) {
      if (secret.test(name)) {
        names.add(name.toLowerCase(Locale.ROOT));
      }
    }
    secretHeaders = Set.copyOf(names);
    frozen = true;
    return this;
  }

  /** Where the attempt's credentials came from; set before {@link #freeze}. */
  void credentialsSource(RefusalHint.Source source) {
    credentialsSource = source;
  }

  RefusalHint.Source credentialsSource() {
    return credentialsSource;
  }

  /** The value this attempt sets for header {@code name}, or null. */
  String headerSet(String name) {
    for (Map.Entry<String, String> e : setHeaders.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** True when nothing was changed. */
  boolean isEmpty() {
    return setHeaders.isEmpty()
        && removedHeaders.isEmpty()
        && setParams.isEmpty()
        && removedParams.isEmpty();
  }

  /** {@code headers} with this attempt's header changes. */
  Headers applyTo(Headers headers) {
    Headers.Builder b = headers.newBuilder();
    removedHeaders.forEach(b::removeAll);
    setHeaders.forEach(b::set);
    return b.build();
  }

  /**
   * The secrets this attempt adds: the values of its secret headers and of the query parameters it
   * sets (as every query value of {@code tidings.url} is treated).
   */
  Redactor secrets() {
    List<String> headerValues = new ArrayList<>();
    setHeaders.forEach(
        (name, value) -> {
          if (secretHeaders.contains(name.toLowerCase(Locale.ROOT))) {
            headerValues.add(value);
          }
        });
    return Redactor.forHeaderValues(headerValues).and(Redactor.of(setParams.values()));
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Request.Builder b = request.newBuilder().headers(applyTo(request.headers()));
    if (!secretHeaders.isEmpty()) {
      // Kept by OkHttp on the follow-up requests of redirects: CredentialGuard reads it there.
      b.tag(SecretHeaders.class, new SecretHeaders(secretHeaders));
    }
    if (!setParams.isEmpty() || !removedParams.isEmpty()) {
      HttpUrl.Builder url = request.url().newBuilder();
      removedParams.forEach(url::removeAllQueryParameters);
      setParams.forEach(url::setQueryParameter);
      b.url(url.build());
    }
    return chain.proceed(b.build());
  }

  /** The lower-case names of the secret headers an attempt added, carried as a request tag. */
  record SecretHeaders(Set<String> names) {}

  private void checkOpen() {
    if (frozen) {
      throw new IllegalStateException("request changes are only valid during customize()");
    }
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return name;
  }
}
