package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigDurationsTest {
  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "2d, PT48H",
    "PT30S, PT30S",
    "pt1m30s, PT1M30S",
    "P1DT2H, PT26H",
    "0, PT0S",
    "0s, PT0S",
    "'  45 S ', PT45S",
    "10M, PT10M"
  })
  void parsesEveryForm(String text, String iso) {
    assertEquals(Duration.parse(iso), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "30 parsecs", "1.5s", "s", "P", "PTxS", "5 minutes", "1w"})
  void rejectsWhatIsNotADuration(String text) {
    ConfigValueException e = assertThrows(ConfigValueException.class, () -> Durations.parse(text));
    assertEquals(
        "is not a duration; expected e.g. 250ms, 30s, 5m or ISO-8601 PT30S", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1s", "-0", "PT-5S", "-PT5S", "P-1D"})
  void rejectsNegativeDurations(String text) {
    ConfigValueException e = assertThrows(ConfigValueException.class, () -> Durations.parse(text));
    assertEquals("is negative; expected e.g. 250ms, 30s, 5m or ISO-8601 PT30S", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0ms", "PT0S"})
  void zeroIsNotPositive(String text) {
    assertThrows(ConfigValueException.class, () -> Durations.parsePositive(text));
    assertEquals(Duration.ZERO, Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9999999999999999d"})
  void rejectsDurationsTooLong(String text) {
    ConfigValueException e = assertThrows(ConfigValueException.class, () -> Durations.parse(text));
    assertEquals(
        "is too long a duration; expected e.g. 250ms, 30s, 5m or ISO-8601 PT30S", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.5S, 500ms",
    "PT45S, 45s",
    "PT60S, 1m",
    "PT5M, 5m",
    "PT2H, 2h",
    "PT48H, 2d",
    "PT0S, 0",
    "PT1.5S, 1500ms"
  })
  void formatsInTheShortestForm(String iso, String text) {
    assertEquals(text, Durations.format(Duration.parse(iso)));
    assertEquals(Duration.parse(iso), Durations.parse(text));
  }
}
