/**
 * FIX 4.4 market data as an {@code ExchangeConnector}: a QuickFIX/J initiator session subscribing
 * every symbol of its exchange (MarketDataRequest), snapshot and incremental refresh into books
 * and trades on the market-data bus. Private package; see docs/ARCHITECTURE.md, "FIX market data".
 */
package flox.connector.fix.internal.marketdata;
