package io.tidings.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a {@link FanOutBenchmark} run does. Immutable.
 *
 * <p>Every option can be given as a program argument {@code --name=value} or as a system property
 * {@code tidings.fanout.name}; arguments win.
 *
 * @param transports the transports to measure, in order
 * @param subscriptions concurrent subscriptions (and raw clients) per row
 * @param messages measured messages, published at {@code rate}
 * @param rate messages per second
 * @param warmup messages (at {@code rate}) of an unmeasured Tidings pass and raw pass before the
 *     rows of each transport; 0 for none
 * @param payloadPadding characters of padding in each message's data
 * @param shortPollInterval the short-poll interval of every client
 * @param timeout the longest positioning may take, and the longest to wait for deliveries after the
 *     last publish
 * @param roundTrips sequential short-poll GETs whose median is "one round trip"
 * @param defaultDispatcher whether to add a row of raw clients sharing OkHttp's default dispatcher
 */
public record FanOutOptions(
    List<String> transports,
    int subscriptions,
    int messages,
    int rate,
    int warmup,
    int payloadPadding,
    Duration shortPollInterval,
    Duration timeout,
    int roundTrips,
    boolean defaultDispatcher) {

  /** The transport measured unless told otherwise. */
  public static final String DEFAULT_TRANSPORT = "longpoll";

  /** What {@code --transport=all} stands for. */
  public static final String ALL = "all";

  /** Concurrent subscriptions unless told otherwise. */
  public static final int DEFAULT_SUBSCRIPTIONS = 200;

  /** Measured messages unless told otherwise. */
  public static final int DEFAULT_MESSAGES = 200;

  /** Messages per second unless told otherwise. */
  public static final int DEFAULT_RATE = 20;

  /** Warm-up messages unless told otherwise. */
  public static final int DEFAULT_WARMUP = 100;

  /** Padding characters per message unless told otherwise. */
  public static final int DEFAULT_PAYLOAD_PADDING = BenchmarkOptions.DEFAULT_PAYLOAD_PADDING;

  /** Short-poll interval unless told otherwise. */
  public static final Duration DEFAULT_SHORT_POLL_INTERVAL =
      BenchmarkOptions.DEFAULT_SHORT_POLL_INTERVAL;

  /** Positioning and delivery timeout unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** Round trips measured unless told otherwise. */
  public static final int DEFAULT_ROUND_TRIPS = 200;

  /** Whether the default-dispatcher row runs unless told otherwise. */
  public static final boolean DEFAULT_DEFAULT_DISPATCHER = true;

  private static final String PREFIX = "tidings.fanout.";

  /** Checks the values. */
  public FanOutOptions {
    transports = OptionArgs.transports("transport", transports);
    OptionArgs.positive("subscriptions", subscriptions);
    OptionArgs.positive("messages", messages);
    OptionArgs.positive("rate", rate);
    OptionArgs.notNegative("warmup", warmup);
    OptionArgs.notNegative("payload", payloadPadding);
    OptionArgs.positive("shortpoll-interval", shortPollInterval);
    OptionArgs.positive("timeout", timeout);
    OptionArgs.positive("roundtrips", roundTrips);
  }

  /** The defaults. */
  public static FanOutOptions defaults() {
    return parse(new String[0], Map.of());
  }

  /**
   * Options from program arguments ({@code --subscriptions=50}) and system properties ({@code
   * -Dtidings.fanout.subscriptions=50}).
   *
   * @throws IllegalArgumentException naming a bad or unknown option
   */
  public static FanOutOptions fromArgs(String[] args) {
    return parse(args, OptionArgs.properties(PREFIX));
  }

  private static FanOutOptions parse(String[] args, Map<String, String> props) {
    List<String> transports = List.of(DEFAULT_TRANSPORT);
    int subscriptions = DEFAULT_SUBSCRIPTIONS;
    int messages = DEFAULT_MESSAGES;
    int rate = DEFAULT_RATE;
    int warmup = DEFAULT_WARMUP;
    int payload = DEFAULT_PAYLOAD_PADDING;
    Duration interval = DEFAULT_SHORT_POLL_INTERVAL;
    Duration timeout = DEFAULT_TIMEOUT;
    int roundTrips = DEFAULT_ROUND_TRIPS;
    boolean defaultDispatcher = DEFAULT_DEFAULT_DISPATCHER;
    for (Map.Entry<String, String> e : OptionArgs.merge(props, args, usage()).entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k) {
        case "transport":
        case "transports":
          transports =
              v.equalsIgnoreCase(ALL) ? BenchmarkOptions.DEFAULT_TRANSPORTS : OptionArgs.names(v);
          break;
        case "subscriptions":
          subscriptions = OptionArgs.integer(k, v);
          break;
        case "messages":
          messages = OptionArgs.integer(k, v);
          break;
        case "rate":
          rate = OptionArgs.integer(k, v);
          break;
        case "warmup":
          warmup = OptionArgs.integer(k, v);
          break;
        case "payload":
          payload = OptionArgs.integer(k, v);
          break;
        case "shortpoll-interval":
          interval = Duration.ofMillis(OptionArgs.integer(k, v));
          break;
        case "timeout":
          timeout = Duration.ofSeconds(OptionArgs.integer(k, v));
          break;
        case "roundtrips":
          roundTrips = OptionArgs.integer(k, v);
          break;
        case "default-dispatcher":
          defaultDispatcher = Boolean.parseBoolean(v);
          break;
        default:
          throw new IllegalArgumentException("Unknown option '" + k + "'. " + usage());
      }
    }
    return new FanOutOptions(
        transports,
        subscriptions,
        messages,
        rate,
        warmup,
        payload,
        interval,
        timeout,
        roundTrips,
        defaultDispatcher);
  }

  /** The options and their defaults, for error messages and {@code --help}. */
  public static String usage() {
    return "Options (--name=value or -Dtidings.fanout.name=value): transport="
        + DEFAULT_TRANSPORT
        + " (or "
        + String.join(", ", BenchmarkOptions.DEFAULT_TRANSPORTS)
        + ", a comma list, "
        + ALL
        + "), subscriptions="
        + DEFAULT_SUBSCRIPTIONS
        + ", messages="
        + DEFAULT_MESSAGES
        + ", rate="
        + DEFAULT_RATE
        + " (msg/s), warmup="
        + DEFAULT_WARMUP
        + " (unmeasured pass of each client, at rate), payload="
        + DEFAULT_PAYLOAD_PADDING
        + " (chars), shortpoll-interval="
        + DEFAULT_SHORT_POLL_INTERVAL.toMillis()
        + " (ms), timeout="
        + DEFAULT_TIMEOUT.toSeconds()
        + " (s), roundtrips="
        + DEFAULT_ROUND_TRIPS
        + ", default-dispatcher="
        + DEFAULT_DEFAULT_DISPATCHER
        + " (also run raw clients on OkHttp's default dispatcher: 5 calls per host)";
  }
}
