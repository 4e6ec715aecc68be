package io.tidings.internal;

import java.util.Arrays;

/**
 * The last {@code window} distinct ids, for de-duplication: a ring of the ids in arrival order and
 * an open-addressing hash table (linear probing, deletion by backward shift) of their ring slots.
 * Remembering an id allocates nothing once the arrays have grown to the window; they start small
 * and double as ids arrive, so an idle subscription holds a few hundred bytes, not the ~12 KB of a
 * full default window. Not thread-safe (the {@link Sequencer} runs under the pipeline's lock).
 */
final class IdWindow {
  private static final int INITIAL_RING = 16;
  private static final int EMPTY = -1;

  private final int window;
  private String[] ring = new String[INITIAL_RING];
  private int[] table = emptyTable(INITIAL_RING * 2); // ring slots, or EMPTY
  private int oldest; // ring slot of the oldest id
  private int size;

  /**
   * @param window how many distinct ids are remembered; at least 1
   */
  IdWindow(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1: " + window);
    }
    this.window = window;
  }

  /** The number of ids remembered now. */
  int size() {
    return size;
  }

  /** True when {@code id} is one of the remembered ids. */
  boolean contains(String id) {
    return find(id) >= 0;
  }

  /**
   * Remembers {@code id} (not null) as the newest, forgetting the oldest when the window is full.
   *
   * @return false when it was remembered already (nothing changes)
   */
  boolean add(String id) {
    if (find(id) >= 0) {
      return false;
    }
    if (size == window) {
      removeOldest();
    } else if (size == ring.length) {
      grow();
    }
    int slot = (oldest + size) % ring.length;
    ring[slot] = id;
    size++;
    insert(slot);
    return true;
  }

  private static int[] emptyTable(int length) {
    int[] t = new int[length];
    Arrays.fill(t, EMPTY);
    return t;
  }

  private int home(String id) {
    int h = id.hashCode();
    h ^= h >>> 16;
    return (h * 0x9E3779B9) >>> 1 & (table.length - 1);
  }

  /** The table index holding {@code id}, or -1. */
  private int find(String id) {
    int mask = table.length - 1;
    for (int i = home(id); ; i = (i + 1) & mask) {
      int slot = table[i];
      if (slot == EMPTY) {
        return -1;
      }
      if (ring[slot].equals(id)) {
        return i;
      }
    }
  }

  private void insert(int slot) {
    int mask = table.length - 1;
    int i = home(ring[slot]);
    while (table[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    table[i] = slot;
  }

  private void removeOldest() {
    String id = ring[oldest];
    int i = find(id);
    ring[oldest] = null;
    oldest = (oldest + 1) % ring.length;
    size--;
    // Backward-shift deletion: move later entries of the probe run into the hole.
    int mask = table.length - 1;
    int hole = i;
    for (int j = (i + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
      int h = home(ring[table[j]]);
      // The entry at j may move to the hole when its home is not in (hole, j] cyclically.
      boolean stays = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
      if (!stays) {
        table[hole] = table[j];
        hole = j;
      }
    }
    table[hole] = EMPTY;
  }

  private void grow() {
    int length = Math.min(ring.length * 2, Math.max(window, INITIAL_RING));
    String[] bigger = new String[length];
    for (int k = 0; k < size; k++) {
      bigger[k] = ring[(oldest + k) % ring.length];
    }
    ring = bigger;
    oldest = 0;
    table = emptyTable(Integer.highestOneBit(Math.max(2, length * 2 - 1)) << 1);
    for (int k = 0; k < size; k++) {
      insert(k);
    }
  }
}
