package io.tidings.testkit.internal;

import io.tidings.testkit.Faults;
import io.tidings.testkit.Malformed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The switches of the fault control endpoint ({@code POST /faults/<name>?<parameters>},
 * docs/PROTOCOL.md), each mapped onto one {@link Faults} method. Stateless; thread-safe.
 */
enum FaultSwitch {
  DROP_ACTIVE("cut every open stream and held poll now") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.dropActive();
    }
  },
  DROP_AFTER(
      "cut every stream, open or new, after N more messages (polls: the poll after N), until cleared",
      "messages=N") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.dropAfter(p.integer("messages"));
    }
  },
  DROP_ONCE_AFTER("cut the next connection after N messages", "messages=N") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.dropOnceAfter(p.integer("messages"));
    }
  },
  DROP_RANDOMLY(
      "after each message, cut with this probability (seeded), until cleared",
      "seed=N",
      "probability=0..1") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.dropRandomly(p.whole("seed"), p.number("probability"));
    }
  },
  STALL_NEXT("the next N connections get no answer at all", "[connections=N]") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.stallNext(p.integer("connections", 1));
    }
  },
  STALL_ALL("every new connection stalls, until cleared") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.stallAll();
    }
  },
  STALL_ACTIVE("every open stream and held poll goes silent now") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.stallActive();
    }
  },
  RESPOND(
      "answer the next N requests with this status",
      "status=N",
      "[times=N|forever]",
      "[retryAfter=SECONDS|HTTP-date]") {
    @Override
    void apply(Faults faults, FaultParams p) {
      int status = p.integer("status");
      int times = p.times("times");
      if (!p.has("retryAfter")) {
        faults.respond(status, times);
      } else if (p.isWhole("retryAfter")) {
        faults.respond(status, times, p.seconds("retryAfter"));
      } else {
        faults.respond(status, times, p.httpDate("retryAfter"));
      }
    }
  },
  REDIRECT("redirect the next N requests to the moved feed", "[times=N|forever]", "[status=3xx]") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.redirect(p.integer("status", Faults.DEFAULT_REDIRECT_STATUS), p.times("times"));
    }
  },
  MALFORMED(
      "send a malformed item before the next message (or after every N)",
      "kind=" + kindNames("|"),
      "[every=N]") {
    @Override
    void apply(Faults faults, FaultParams p) {
      Malformed kind = p.malformed("kind");
      if (p.has("every")) {
        faults.injectMalformedEvery(p.integer("every"), kind);
      } else {
        faults.injectMalformed(kind);
      }
    }
  },
  OVERSIZED("send an oversized item of about N bytes before the next message", "[bytes=N]") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.injectOversized(p.integer("bytes", Faults.DEFAULT_OVERSIZED_BYTES));
    }
  },
  CLEAR("turn every switch off") {
    @Override
    void apply(Faults faults, FaultParams p) {
      faults.clear();
    }
  };

  private final String description;
  private final List<String> params;

  FaultSwitch(String description, String... params) {
    this.description = description;
    this.params = List.of(params);
  }

  /** Sets the switch with these parameters; an IllegalArgumentException says what was wrong. */
  abstract void apply(Faults faults, FaultParams params);

  /** The name in the endpoint's path, such as {@code drop-after}. */
  String pathName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The switch with this {@link #pathName()}, or null. */
  static FaultSwitch named(String pathName) {
    for (FaultSwitch s : values()) {
      if (s.pathName().equals(pathName)) {
        return s;
      }
    }
    return null;
  }

  /** What it does, in a few words. */
  String description() {
    return description;
  }

  /** The parameter names it takes. */
  List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (String p : params) {
      String bare = p.replace("[", "").replace("]", "");
      names.add(bare.substring(0, bare.indexOf('=')));
    }
    return names;
  }

  /**
   * The path and query it takes, such as {@code respond?status=N[&times=N|forever]}; optional
   * parameters in brackets.
   */
  String usage() {
    StringBuilder out = new StringBuilder(pathName());
    char sep = '?';
    for (String p : params) {
      boolean optional = p.startsWith("[");
      String bare = optional ? p.substring(1, p.length() - 1) : p;
      out.append(optional ? "[" : "").append(sep).append(bare).append(optional ? "]" : "");
      sep = '&';
    }
    return out.toString();
  }

  /** A {@link Malformed} kind's name in a parameter, such as {@code not-json}. */
  static String kindName(Malformed kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every {@link Malformed} kind's {@link #kindName}, joined with {@code separator}. */
  static String kindNames(String separator) {
    return Arrays.stream(Malformed.values())
        .map(FaultSwitch::kindName)
        .collect(Collectors.joining(separator));
  }
}
