/**
 * Request signing for Binance's spot API (issue 14 item 3): HMAC-SHA256 and Ed25519 signers and
 * the WebSocket API's sorted signing payload, checked against the docs' verified vectors.
 * Private package; no DS components.
 */
package flox.connector.binance.internal.sign;
