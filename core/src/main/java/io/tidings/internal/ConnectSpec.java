package io.tidings.internal;

import io.tidings.spi.Cursor;
import okhttp3.Headers;

/**
 * What one connection attempt starts from, built on the executor just before it connects (never on
 * the timer thread, so building it may block, as fetching fresh credentials will): its number among
 * the lane's attempts, the cursor with this transport's hints, and the headers for this attempt.
 */
record ConnectSpec(int attempt, Cursor cursor, Headers headers) {}
