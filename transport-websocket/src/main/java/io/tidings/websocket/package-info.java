/**
 * The WebSocket transport ({@code tidings.transport=websocket}), built on OkHttp's {@code
 * WebSocket}: {@link io.tidings.websocket.WebSocketTransportProvider}.
 */
package io.tidings.websocket;
