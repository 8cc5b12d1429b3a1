/**
 * What a WebSocket client costs per received text frame (issue 14 item 1, the client choice):
 * {@link flox.bench.ws.WsReceiveBenchmark} receives recorded Binance frames from a loopback
 * Jetty 12 server running in its own process ({@link flox.bench.ws.WsFrameServer}) with the JDK's
 * {@code java.net.http.WebSocket}, Jetty's WebSocket API client and Jetty's core client, beside
 * a plain TCP socket as a floor; {@link flox.bench.ws.WsHandoffBenchmark} times the step the
 * connector adds (the frame's chars or bytes into the byte[] the feed decoder reads);
 * {@link flox.bench.ws.WsReport} writes the summary. Run them with {@code ./flox bench ws}.
 */
package flox.bench.ws;
