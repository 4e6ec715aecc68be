package io.tidings.testkit.internal;

import io.tidings.testkit.Malformed;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.jetty.util.Fields;

/**
 * The parameters of one fault control request, read as the types {@link FaultSwitch} needs. Every
 * problem is an {@link IllegalArgumentException} whose message names the parameter and what it must
 * be. Not thread-safe (used by one request).
 */
final class FaultParams {
  /** The value of {@code times} meaning "until cleared". */
  static final String FOREVER = "forever";

  private final FaultSwitch fault;
  private final Fields fields;

  /**
   * Parameters for {@code fault}.
   *
   * @throws IllegalArgumentException when a parameter is unknown to {@code fault} or given twice
   */
  FaultParams(FaultSwitch fault, Fields fields) {
    this.fault = fault;
    this.fields = fields;
    List<String> known = fault.parameterNames();
    for (Fields.Field f : fields) {
      if (!known.contains(f.getName())) {
        throw new IllegalArgumentException(
            fault.pathName()
                + (known.isEmpty() ? " takes no parameters" : " takes only " + known)
                + ", not '"
                + f.getName()
                + "'");
      }
      if (f.getValues().size() > 1) {
        throw new IllegalArgumentException(
            fault.pathName() + ": " + f.getName() + " was given more than once");
      }
    }
  }

  boolean has(String name) {
    return fields.get(name) != null;
  }

  int integer(String name) {
    String v = required(name);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, "a whole number", v);
    }
  }

  int integer(String name, int absent) {
    return has(name) ? integer(name) : absent;
  }

  long whole(String name) {
    String v = required(name);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, "a whole number", v);
    }
  }

  double number(String name) {
    String v = required(name);
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, "a number", v);
    }
  }

  /** A count of requests: 1 when absent, {@link Integer#MAX_VALUE} for {@value #FOREVER}. */
  int times(String name) {
    if (!has(name)) {
      return 1;
    }
    String v = required(name).trim();
    if (v.equals(FOREVER)) {
      return Integer.MAX_VALUE;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw invalid(name, "a whole number or '" + FOREVER + "'", v);
    }
  }

  /** Whether the value is digits only. */
  boolean isWhole(String name) {
    String v = required(name).trim();
    return !v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  Duration seconds(String name) {
    return Duration.ofSeconds(whole(name));
  }

  Instant httpDate(String name) {
    String v = required(name);
    try {
      return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      throw invalid(name, "seconds or an HTTP date such as 'Wed, 21 Oct 2026 07:28:00 GMT'", v);
    }
  }

  Malformed malformed(String name) {
    String v = required(name).trim();
    for (Malformed kind : Malformed.values()) {
      if (FaultSwitch.kindName(kind).equals(v) || kind.name().equals(v)) {
        return kind;
      }
    }
    throw invalid(name, "one of " + FaultSwitch.kindNames(", "), v);
  }

  private String required(String name) {
    String v = fields.getValue(name);
    if (v == null) {
      throw new IllegalArgumentException(fault.pathName() + " needs " + name);
    }
    return v;
  }

  private IllegalArgumentException invalid(String name, String expected, String value) {
    return new IllegalArgumentException(
        fault.pathName() + ": " + name + " must be " + expected + ", was '" + value + "'");
  }
}
