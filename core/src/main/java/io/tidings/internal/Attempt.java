package io.tidings.internal;

import io.tidings.StallException;
import io.tidings.TidingsException;
import io.tidings.spi.Connection;
import io.tidings.spi.ConnectionListener;
import io.tidings.spi.Frame;
import io.tidings.spi.Redactor;
import io.tidings.spi.Scheduler;
import java.time.Duration;
import java.util.List;

/**
 * One connection attempt of a {@link Lane}: what the transport reports to. Frames go straight to
 * the {@link Pipeline} while the attempt is admitted (no state lock on that path); opening, ending
 * and hints go to the {@link LaneCoordinator}. Owns its stall timer. Thread-safe.
 */
final class Attempt implements ConnectionListener {
  final Lane lane;
  final int number;
  private final LaneCoordinator coordinator;
  private final Pipeline pipeline;
  private final Scheduler scheduler;
  private final FrameDecoder decoder;

  volatile Connection connection;
  volatile boolean ended;
  private volatile boolean admitted;
  private volatile long lastActivityNanos;
  volatile long openedAtNanos;
  private volatile boolean opened; // onOpen was called
  private volatile boolean heard; // something arrived after onOpen

  /** A probe or switch connection that does not carry the subscription until it proves itself. */
  volatile boolean candidate;

  boolean refresh; // asks for fresh credentials; set under the coordinator's lock before launch
  // Where the credentials came from (for a 401's hint); set once the attempt is prepared.
  volatile RefusalHint.Source credentialsSource = RefusalHint.Source.CONFIGURED;
  Runnable stallCheck; // guarded by the coordinator's state lock
  // The subscription's secrets; once the attempt is prepared also its own and the previous
  // attempt's (a server may still echo those). Every error this attempt reports goes through it.
  volatile Redactor redactor;

  Attempt(Lane lane, int number, LaneCoordinator coordinator, Pipeline pipeline) {
    this.lane = lane;
    this.number = number;
    this.coordinator = coordinator;
    this.pipeline = pipeline;
    this.scheduler = lane.context.scheduler();
    this.decoder = lane.context.decoder;
    this.lastActivityNanos = scheduler.nanoTime();
    this.redactor = lane.context.redactor();
  }

  /** Lets this attempt's frames into the pipeline. */
  void admit() {
    admitted = true;
  }

  /** Only {@link Pipeline#retire}, under its lock. */
  void unadmit() {
    admitted = false;
  }

  boolean isAdmitted() {
    return admitted;
  }

  /** Whether something arrived after {@code onOpen}: the connection proved itself. */
  boolean heardFrom() {
    return heard;
  }

  void setConnection(Connection c) {
    connection = c;
    if (ended) {
      c.close();
    }
  }

  private void touch() {
    lastActivityNanos = scheduler.nanoTime();
    if (!heard && opened) {
      heard = true;
      if (candidate) {
        coordinator.candidateProved(this); // once per attempt: open, then a first sign of life
      }
    }
  }

  /** Checks for a stall after {@code delay}; the check re-arms itself until the attempt ends. */
  void scheduleStallCheck(Duration delay) {
    coordinator.armStallCheck(this, scheduler.schedule(this::checkStall, delay));
  }

  private void checkStall() {
    if (ended) {
      return;
    }
    Duration timeout = lane.context.stallTimeout();
    if (pipeline.queue.isProducerWaiting()) {
      touch(); // paused by a slow listener, not by the network
    }
    long idle = scheduler.nanoTime() - lastActivityNanos;
    if (idle >= timeout.toNanos()) {
      coordinator.attemptEnded(
          this,
          new StallException(
              timeout,
              lane.context.config().stallTimeout(),
              lane.context.transportName(),
              opened && !heard));
    } else {
      scheduleStallCheck(Duration.ofNanos(timeout.toNanos() - idle));
    }
  }

  @Override
  public void onOpen() {
    touch();
    opened = true;
    coordinator.attemptOpened(this);
  }

  @Override
  public void onFrame(Frame frame) {
    if (ended || !admitted) {
      return;
    }
    touch();
    if (!pipeline.queue.awaitSpace()) {
      return;
    }
    touch();
    pipeline.accept(this, frame, decoder);
  }

  @Override
  public void onEvent(String id, String type, String data) {
    if (ended || !admitted) {
      return;
    }
    touch();
    if (!pipeline.queue.awaitSpace()) {
      return;
    }
    touch();
    pipeline.acceptEvent(this, id, type, data, decoder);
  }

  @Override
  public void onFrames(List<Frame> frames) {
    if (ended || !admitted || frames.isEmpty()) {
      return;
    }
    touch();
    if (!pipeline.queue.awaitSpace()) {
      return;
    }
    touch();
    pipeline.acceptAll(this, frames, decoder);
  }

  @Override
  public void onHeartbeat() {
    touch();
  }

  @Override
  public void onRetryHint(Duration delay) {
    touch();
    coordinator.retryHint(this, delay);
  }

  @Override
  public void onResumeHint(String key, String value) {
    if (!ended && admitted) {
      lane.rememberHint(key, value, pipeline.lastAcceptedId());
    }
  }

  @Override
  public void onRequest() {
    touch();
    pipeline.stats.requests.increment();
  }

  @Override
  public void onEmptyResponse() {
    touch();
    pipeline.stats.emptyResponses.increment();
  }

  @Override
  public void onBytes(long count) {
    touch();
    pipeline.stats.bytes.add(count);
  }

  @Override
  public void onError(TidingsException error) {
    if (ended || !pipeline.queue.awaitSpace() || ended) {
      return; // the second check: ended while waiting for space
    }
    pipeline.reportError(redactor.sanitize(error));
  }

  @Override
  public void onClosed(TidingsException reason) {
    // Whatever a transport put in it, no secret goes on into logs, onError or GaveUpException.
    coordinator.attemptEnded(this, redactor.sanitize(reason));
  }

  @Override
  public String toString() {
    return "Attempt{" + lane.name() + " #" + number + '}';
  }
}
