package flox.strategy.samples.internal.strategy;

import flox.strategy.samples.internal.Settings;
import java.util.Map;

/**
 * The settings every sample strategy has: the symbol it trades ("EXCHANGE:SYMBOL"), its strategy
 * id and the depth of its book. They identify the instance, so they are fixed for its life: a
 * change needs a new configuration (a deleted and re-created file), and is refused with an error.
 * Cold path; allocates.
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

    /** @throws IllegalArgumentException naming the file and field when symbol or strategy.id is missing or malformed */
    static StrategySettings read(String pid, Map<String, ?> properties) {
        Settings s = new Settings(pid, properties);
        String symbol = s.stringValue("symbol", "");
        if (!symbol.matches("[^:\\s,]+:[^:\\s,]+")) s.reject("symbol", "'" + symbol + "' is not EXCHANGE:SYMBOL", "nothing: not started");
        int id = s.intValue("strategy.id", 0, 1, Integer.MAX_VALUE);
        if (properties.get("strategy.id") == null) s.reject("strategy.id", "is missing (a whole number >= 1, unique in the host)", "nothing: not started");
        int levels = s.intValue("book.levels", 64, 1, 100_000);
        if (s.hasErrors()) throw new IllegalArgumentException(s.errors());
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
