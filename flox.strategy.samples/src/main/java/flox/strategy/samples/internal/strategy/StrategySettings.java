package flox.strategy.samples.internal.strategy;

import flox.strategy.samples.internal.Settings;

/**
 * The settings every sample strategy has: the symbol it trades ("EXCHANGE:SYMBOL"), its strategy
 * id and the depth of its book, read against the strategy's Config annotation (the same three
 * attributes in each). They identify the instance, so they are fixed for its life: a change needs
 * a new configuration (a deleted and re-created file), and is refused with an error. Symbol and
 * strategy id have no default: without a good one the instance does not start. Cold path;
 * allocates.
 */
final class StrategySettings {
    final String symbol;
    final int strategyId;
    final int bookLevels;

    private StrategySettings(String symbol, int strategyId, int bookLevels) {
        this.symbol = symbol;
        this.strategyId = strategyId;
        this.bookLevels = bookLevels;
    }

    /**
     * Reads the fixed settings into {@code s}'s errors: a bad or missing value keeps
     * {@code previous}'s (the running instance's); at activation ({@code previous} null) a bad
     * book.levels takes the annotation's default.
     *
     * @throws IllegalArgumentException naming the file and field, at activation only, when symbol or
     *                                  strategy.id is missing or malformed
     */
    static StrategySettings read(Settings s, Class<?> config, StrategySettings previous) {
        String keep = previous == null ? "nothing: not started" : null;
        String symbol = s.stringValue("symbol", "");
        if (!symbol.matches("[^:\\s,]+:[^:\\s,]+")) {
            s.reject("symbol", "'" + symbol + "' is not EXCHANGE:SYMBOL", keep != null ? keep : previous.symbol);
            symbol = previous == null ? null : previous.symbol;
        }
        int id;
        if (s.stringValue("strategy.id", null) == null) {
            s.reject("strategy.id", "is missing (a whole number >= 1, unique in the host)", keep != null ? keep : previous.strategyId);
            id = previous == null ? 0 : previous.strategyId;
        } else {
            id = s.intValue("strategy.id", previous == null ? 0 : previous.strategyId);
        }
        int levels = s.intValue("book.levels", previous == null ? (int) Settings.defaultLong(config, "book.levels") : previous.bookLevels);
        if (previous == null && (symbol == null || id == 0)) throw new IllegalArgumentException(s.errors() + "; not started");
        return new StrategySettings(symbol, id, levels);
    }

    /** A description of what differs from {@code other} in the fixed settings, or null. */
    String fixedChange(StrategySettings other) {
        if (!symbol.equals(other.symbol)) return "symbol " + symbol + " -> " + other.symbol;
        if (strategyId != other.strategyId) return "strategy.id " + strategyId + " -> " + other.strategyId;
        if (bookLevels != other.bookLevels) return "book.levels " + bookLevels + " -> " + other.bookLevels;
        return null;
    }

    String exchangeSymbol() {
        return symbol;
    }
}
