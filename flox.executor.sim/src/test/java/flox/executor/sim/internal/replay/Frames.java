package flox.executor.sim.internal.replay;

/** Recorded Binance frames for the replay's tests (as flox.connector.binance's BinanceRecordingReaderTest has them). */
final class Frames {
    private Frames() {
    }

    static final String SNAPSHOT = "{\"lastUpdateId\":100,\"bids\":[[\"61837.63000000\",\"3.78826000\"],[\"61837.62000000\",\"0.61700000\"]],"
            + "\"asks\":[[\"61837.64000000\",\"1.54698000\"]]}";
    static final String DIFF = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161255208,\"s\":\"BTCUSDT\","
            + "\"U\":95,\"u\":102,\"b\":[[\"61837.62000000\",\"0.00000000\"]],\"a\":[[\"61838.04000000\",\"0.32332000\"]]}}";
    static final String TRADE = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\","
            + "\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}}";
}
