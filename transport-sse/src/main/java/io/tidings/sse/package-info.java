/**
 * The Server-Sent Events transport ({@code tidings.transport=sse}), built on LaunchDarkly's
 * okhttp-eventsource. Found by {@link java.util.ServiceLoader} as {@link
 * io.tidings.sse.SseTransportProvider}.
 */
package io.tidings.sse;
