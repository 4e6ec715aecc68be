package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IdWindow} remembers exactly the last {@code window} distinct ids, like a set and a FIFO.
 */
class IdWindowTest {

  /** The plain model: a set and the ids in arrival order. */
  private static final class Model {
    final int window;
    final HashSet<String> set = new HashSet<>();
    final ArrayDeque<String> order = new ArrayDeque<>();

    Model(int window) {
      this.window = window;
    }

    boolean add(String id) {
      if (!set.add(id)) {
        return false;
      }
      order.addLast(id);
      if (order.size() > window) {
        set.remove(order.removeFirst());
      }
      return true;
    }
  }

  @Test
  void behavesLikeASetWithAFifoOfTheLastWindowIds() {
    Random random = new Random(42);
    for (int window : new int[] {1, 2, 3, 5, 15, 16, 17, 31, 100, 1000, 1024}) {
      for (int pool : new int[] {window / 2 + 1, window + 1, window * 3 + 7}) {
        IdWindow ids = new IdWindow(window);
        Model model = new Model(window);
        for (int n = 0; n < 20_000; n++) {
          String id = Integer.toString(random.nextInt(pool));
          if (random.nextInt(4) == 0) {
            assertEquals(model.set.contains(id), ids.contains(id), window + "/" + id);
          } else {
            assertEquals(model.add(id), ids.add(id), window + "/" + id);
          }
          assertEquals(model.set.size(), ids.size());
        }
        for (int p = 0; p < pool; p++) {
          String id = Integer.toString(p);
          assertEquals(model.set.contains(id), ids.contains(id), window + "/" + id);
        }
      }
    }
  }

  @Test
  void idsWithTheSameHashCodeAreToldApart() {
    // "Aa" and "BB" have the same String.hashCode, and so do all their concatenations.
    String[] same = {"AaAa", "AaBB", "BBAa", "BBBB"};
    IdWindow ids = new IdWindow(3);
    for (String id : same) {
      assertTrue(ids.add(id), id);
    }
    assertFalse(ids.contains("AaAa")); // the oldest was forgotten
    for (int k = 1; k < same.length; k++) {
      assertTrue(ids.contains(same[k]), same[k]);
      assertFalse(ids.add(same[k]), same[k]);
    }
    assertTrue(ids.add("AaAa"));
    assertFalse(ids.contains("AaBB"));
  }

  @Test
  void aWindowBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new IdWindow(0));
  }
}
