package io.tidings.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * OkHttp clients derived from another client, shared by every subscription whose derivation is the
 * same: thousands of subscriptions with the same settings use one derived client instead of one
 * each (an {@code OkHttpClient} costs heap and building one costs time). A derived client shares
 * its base's pool and dispatcher, so sharing it changes no behaviour. Bounded: past {@link
 * #DEFAULT_MAX_ENTRIES} distinct derivations the cache starts over. Thread-safe.
 */
final class DerivedClients {
  /** How many distinct derivations are kept. */
  static final int DEFAULT_MAX_ENTRIES = 256;

  /** A derivation: {@code change} applied to {@code base} (compared by identity). */
  private record Key(OkHttpClient base, Object change) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.base == base && k.change.equals(change);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(base) * 31 + change.hashCode();
    }
  }

  private final ConcurrentHashMap<Key, OkHttpClient> cache = new ConcurrentHashMap<>();

  /**
   * The client derived from {@code base} by the change {@code key} names, built by {@code build}
   * the first time.
   */
  OkHttpClient get(OkHttpClient base, Object key, Supplier<OkHttpClient> build) {
    Key k = new Key(base, key);
    OkHttpClient known = cache.get(k);
    if (known != null) {
      return known;
    }
    if (cache.size() >= DEFAULT_MAX_ENTRIES) {
      cache.clear();
    }
    return cache.computeIfAbsent(k, x -> build.get());
  }

  /** Forgets every derived client (the runtime shut down). */
  void clear() {
    cache.clear();
  }
}
