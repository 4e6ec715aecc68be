package io.tidings.sse.internal;

import com.launchdarkly.logging.LDLogAdapter;
import com.launchdarkly.logging.LDLogLevel;
import com.launchdarkly.logging.LDLogger;
import io.tidings.spi.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * Sends okhttp-eventsource's logging (LaunchDarkly's {@code LDLogger}) to SLF4J, level for level.
 * Both use {@code {}} placeholders. Every message is formatted here and passed through the
 * subscription's {@link Redactor} before it reaches SLF4J, so a URL's user info or query, or a
 * secret header value, never appears in the library's lines (its DEBUG lines quote event origins
 * and HTTP details). Immutable, thread-safe.
 */
public final class Slf4jLogAdapter implements LDLogAdapter {
  /** The SLF4J logger name okhttp-eventsource logs under. */
  public static final String LOGGER_NAME = "io.tidings.sse.eventsource";

  private static final LDLogger LOGGER =
      LDLogger.withAdapter(new Slf4jLogAdapter(Redactor.NONE), LOGGER_NAME);

  private final Redactor redactor;

  private Slf4jLogAdapter(Redactor redactor) {
    this.redactor = redactor;
  }

  /** A logger for okhttp-eventsource, named {@value #LOGGER_NAME}, that redacts nothing. */
  public static LDLogger logger() {
    return LOGGER;
  }

  /** A logger for okhttp-eventsource, named {@value #LOGGER_NAME}, redacting with {@code r}. */
  public static LDLogger logger(Redactor r) {
    return r == Redactor.NONE ? LOGGER : LDLogger.withAdapter(new Slf4jLogAdapter(r), LOGGER_NAME);
  }

  @Override
  public Channel newChannel(String name) {
    return new Slf4jChannel(LoggerFactory.getLogger(name), redactor);
  }

  private static final class Slf4jChannel implements Channel {
    private final Logger logger;
    private final Redactor redactor;

    Slf4jChannel(Logger logger, Redactor redactor) {
      this.logger = logger;
      this.redactor = redactor;
    }

    @Override
    public boolean isEnabled(LDLogLevel level) {
      switch (level) {
        case DEBUG:
          return logger.isDebugEnabled();
        case INFO:
          return logger.isInfoEnabled();
        case WARN:
          return logger.isWarnEnabled();
        case ERROR:
          return logger.isErrorEnabled();
        default:
          return false;
      }
    }

    @Override
    public void log(LDLogLevel level, Object message) {
      if (isEnabled(level)) {
        log(level, "{}", new Object[] {message});
      }
    }

    @Override
    public void log(LDLogLevel level, String format, Object param) {
      log(level, format, new Object[] {param});
    }

    @Override
    public void log(LDLogLevel level, String format, Object param1, Object param2) {
      log(level, format, new Object[] {param1, param2});
    }

    @Override
    public void log(LDLogLevel level, String format, Object... params) {
      if (!isEnabled(level)) {
        return;
      }
      FormattingTuple t = MessageFormatter.arrayFormat(format, params);
      String message = redactor.redact(t.getMessage());
      Throwable error = t.getThrowable() == null ? null : redactor.sanitize(t.getThrowable());
      switch (level) {
        case DEBUG:
          logger.debug(message, error);
          break;
        case INFO:
          logger.info(message, error);
          break;
        case WARN:
          logger.warn(message, error);
          break;
        case ERROR:
          logger.error(message, error);
          break;
        default:
          break;
      }
    }
  }
}
