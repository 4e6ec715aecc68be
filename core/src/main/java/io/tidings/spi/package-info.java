/**
 * The transport SPI: what a transport implements ({@link io.tidings.spi.TransportProvider}, found
 * with {@link java.util.ServiceLoader}, and {@link io.tidings.spi.Connection}) and what core gives
 * it ({@link io.tidings.spi.TransportContext}, {@link io.tidings.spi.ConnectionListener}).
 *
 * <p><b>The rule:</b> a transport is a thin pipe. It opens one connection with the cursor it is
 * given, reports what arrives and why the connection ended, and closes on request. It never sleeps,
 * retries, orders or de-duplicates: core does, the same way for every transport.
 */
package io.tidings.spi;
