package io.tidings.sse.internal;

import com.launchdarkly.logging.LDLogAdapter;
import com.launchdarkly.logging.LDLogLevel;
import com.launchdarkly.logging.LDLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends okhttp-eventsource's logging (LaunchDarkly's {@code LDLogger}) to SLF4J, level for level.
 * Both use {@code {}} placeholders, so messages are forwarded unchanged. Stateless, thread-safe.
 */
public final class Slf4jLogAdapter implements LDLogAdapter {
  /** The SLF4J logger name okhttp-eventsource logs under. */
  public static final String LOGGER_NAME = "io.tidings.sse.eventsource";

  private static final Slf4jLogAdapter INSTANCE = new Slf4jLogAdapter();
  private static final LDLogger LOGGER = LDLogger.withAdapter(INSTANCE, LOGGER_NAME);

  private Slf4jLogAdapter() {}

  /** The shared logger for okhttp-eventsource, named {@value #LOGGER_NAME}. */
  public static LDLogger logger() {
    return LOGGER;
  }

  @Override
  public Channel newChannel(String name) {
    return new Slf4jChannel(LoggerFactory.getLogger(name));
  }

  private static final class Slf4jChannel implements Channel {
    private final Logger logger;

    Slf4jChannel(Logger logger) {
      this.logger = logger;
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
      switch (level) {
        case DEBUG:
          logger.debug(format, params);
          break;
        case INFO:
          logger.info(format, params);
          break;
        case WARN:
          logger.warn(format, params);
          break;
        case ERROR:
          logger.error(format, params);
          break;
        default:
          break;
      }
    }
  }
}
