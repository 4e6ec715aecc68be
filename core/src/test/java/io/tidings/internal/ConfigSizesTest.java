package io.tidings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigSizesTest {
  @ParameterizedTest
  @CsvSource({
    "1048576, 1048576",
    "1b, 1",
    "512KB, 524288",
    "512KiB, 524288",
    "512kb, 524288",
    "8MB, 8388608",
    "8MiB, 8388608",
    "'8 MiB', 8388608",
    "1GB, 1073741824",
    "2GiB, 2147483648"
  })
  void parsesEveryForm(String text, long bytes) {
    assertEquals(bytes, Sizes.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "KB", "1.5MB", "8 megs", "1TB", "0x10"})
  void rejectsWhatIsNotASize(String text) {
    ConfigValueException e = assertThrows(ConfigValueException.class, () -> Sizes.parse(text));
    assertEquals("is not a size in bytes; expected e.g. 1048576, 512KB or 8MiB", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-1| is negative; expected e.g. 1048576, 512KB or 8MiB",
        "0| must be at least 1 byte; expected e.g. 1048576, 512KB or 8MiB",
        "0KB| must be at least 1 byte; expected e.g. 1048576, 512KB or 8MiB",
        "9999999999GiB| is too large; expected e.g. 1048576, 512KB or 8MiB",
        "99999999999999999999| is too large; expected e.g. 1048576, 512KB or 8MiB"
      })
  void rejectsOutOfRangeSizes(String text, String message) {
    ConfigValueException e = assertThrows(ConfigValueException.class, () -> Sizes.parse(text));
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"8388608, 8MiB", "1048576, 1MiB", "1536, 1536", "2048, 2KiB", "1073741824, 1GiB"})
  void formatsInTheShortestExactForm(long bytes, String text) {
    assertEquals(text, Sizes.format(bytes));
    assertEquals(bytes, Sizes.parse(text));
  }
}
