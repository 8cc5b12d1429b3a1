package flox.strategy.samples.internal.aggregate;

import flox.api.book.OrderBook;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.strategy.samples.internal.Settings;
import java.util.Arrays;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Book statistics (pid {@value #PID}; runs without a configuration file): a market-data
 * subscriber for book updates, lossless but not required, keeping a book and a
 * {@link BookStats} per symbol. {@code flox.symbols} narrows the symbols, as for bars.
 *
 * <p>Updates arrive on one thread; a book and statistics are allocated per new symbol, nothing
 * else allocates. {@link #stats()} is for any thread.
 */
@Component(service = {BookStatsComponent.class, MarketDataSubscriber.class}, configurationPid = BookStatsComponent.PID,
        property = {SubscriberProperties.EVENT_KINDS + "=BOOK_UPDATE", SubscriberProperties.REQUIRED + ":Boolean=false"})
@Designate(ocd = BookStatsComponent.Config.class)
public final class BookStatsComponent implements MarketDataSubscriber {
    public static final String PID = "flox.aggregator.bookstats";
    private static final System.Logger LOG = System.getLogger("flox.aggregator");

    @ObjectClassDefinition(name = "Flox book statistics", description = "Spread and top-of-book imbalance per symbol.")
    public @interface Config {
        @AttributeDefinition(name = "Book levels", description = "Levels per side of the books kept.", min = "1", max = "100000")
        int book_levels() default 64;

        @AttributeDefinition(name = "Symbols", description = "EXCHANGE:SYMBOL entries; empty for all.", required = false)
        String[] flox_symbols();
    }

    private final int levels;
    private OrderBook[] books = new OrderBook[0]; // update thread only
    private volatile BookStats[] stats = new BookStats[0];

    @Activate
    public BookStatsComponent(Map<String, Object> properties) {
        Settings s = new Settings(PID, properties, Config.class);
        levels = s.intValue("book.levels", (int) Settings.defaultLong(Config.class, "book.levels"));
        s.log(LOG);
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        int id = update.symbolId();
        if (id < 0) return;
        OrderBook book = id < books.length ? books[id] : null;
        if (book == null) book = newSymbol(id);
        book.apply(update);
        if (!book.isUpdating()) stats[id].onBook(book); // a half-applied book's spread is no statistic
    }

    private OrderBook newSymbol(int symbolId) {
        int size = Math.max(books.length, symbolId + 1);
        OrderBook[] b = Arrays.copyOf(books, size);
        BookStats[] s = Arrays.copyOf(stats, size);
        b[symbolId] = new OrderBook(symbolId, levels);
        s[symbolId] = new BookStats(symbolId);
        books = b;
        stats = s;
        return b[symbolId];
    }

    /** Statistics by symbol id (null where no update came). Do not modify. */
    public BookStats[] stats() {
        return stats;
    }
}
