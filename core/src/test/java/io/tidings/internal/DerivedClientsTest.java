package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class DerivedClientsTest {
  private final OkHttpClient base = new OkHttpClient();

  private static OkHttpClient derive(OkHttpClient from, AtomicInteger built) {
    built.incrementAndGet();
    return from.newBuilder().readTimeout(Duration.ofSeconds(7)).build();
  }

  @Test
  void theSameDerivationOfTheSameClientIsBuiltOnce() {
    DerivedClients clients = new DerivedClients();
    AtomicInteger built = new AtomicInteger();
    OkHttpClient first = clients.get(base, "read 7s", () -> derive(base, built));
    OkHttpClient again = clients.get(base, "read 7s", () -> derive(base, built));
    assertSame(first, again);
    assertEquals(1, built.get());
    assertEquals(7_000, first.readTimeoutMillis());
  }

  @Test
  void anotherKeyOrAnotherBaseClientIsAnotherDerivation() {
    DerivedClients clients = new DerivedClients();
    AtomicInteger built = new AtomicInteger();
    OkHttpClient other = new OkHttpClient();
    OkHttpClient a = clients.get(base, "read 7s", () -> derive(base, built));
    OkHttpClient b = clients.get(base, "read 8s", () -> derive(base, built));
    OkHttpClient c = clients.get(other, "read 7s", () -> derive(other, built));
    assertNotSame(a, b);
    assertNotSame(a, c);
    assertEquals(3, built.get());
  }

  @Test
  void pastItsBoundTheCacheStartsOverAndStillAnswers() {
    DerivedClients clients = new DerivedClients();
    AtomicInteger built = new AtomicInteger();
    for (int i = 0; i <= DerivedClients.DEFAULT_MAX_ENTRIES; i++) {
      clients.get(base, i, () -> derive(base, built));
    }
    assertEquals(DerivedClients.DEFAULT_MAX_ENTRIES + 1, built.get());
    OkHttpClient late = clients.get(base, "late", () -> derive(base, built));
    assertSame(late, clients.get(base, "late", () -> derive(base, built)));
  }
}
