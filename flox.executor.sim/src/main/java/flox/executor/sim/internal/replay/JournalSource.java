package flox.executor.sim.internal.replay;

import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.api.symbol.SymbolRegistry;
import flox.recorder.internal.journal.JournalFormat;
import flox.recorder.internal.journal.JournalReader;
import flox.recorder.internal.journal.SegmentInfo;
import flox.recorder.internal.journal.TornTail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A Flox journal (docs/JOURNAL.md; flox.recorder's reader, embedded privately) as the replay's
 * input: its market data (book updates, trades) and venue states go to the {@link Sink} as the
 * replayed exchange's ({@code exchange}, SIM), its execution reports (what the venue reported
 * live) to {@link Sink#onRecordedExecution}. Each journal symbol (segment headers and SYMBOL
 * records) is registered as {@code exchange:NAME} with the journal's scales and rules, as a
 * connector registers its venue's symbols: identical to the registry's (etc/symbols.csv), it maps
 * onto that id; different, the replay stops with the registry's message, which names the field.
 * Events carry the recorder's wall-clock time as their receive time (the pace of the original
 * session; the replay restamps them with the host's clock when it publishes them).
 *
 * <p>Replay thread only. No allocation per book update or trade (the reader's guarantee); venue
 * states and execution reports allocate their strings; a symbol allocates when registered.
 */
final class JournalSource implements AutoCloseable {
    /** Where the journal's events go, on the replay thread. */
    interface Sink {
        void onBookUpdate(BookUpdate update);

        void onTrade(TradeEvent trade);

        void onVenueState(VenueStateEvent state);

        /** A report the venue gave live; {@code symbolId} is the registry's (the report's own is the journal's). */
        void onRecordedExecution(ExecutionEvent report, int symbolId);
    }

    /** A journal symbol that cannot be mapped onto the replayed exchange (conflicting with the registry). */
    static final class SymbolConflictException extends IOException {
        private static final long serialVersionUID = 1L;

        SymbolConflictException(String message) {
            super(message);
        }
    }

    private final Path path;
    private final JournalReader reader;
    private final SymbolRegistry registry;
    private final String exchange;
    private final BookUpdate raw;
    private final BookUpdate book;
    private final TradeEvent trade = new TradeEvent();
    private final VenueStateEvent venue = new VenueStateEvent();
    private final ExecutionEvent execution = new ExecutionEvent();
    /** Journal symbol id -> registry id; -1 where the journal defines none (yet). */
    private int[] ids = new int[0];
    private SymbolConflictException conflict;
    private boolean done;
    long books;
    long trades;
    long venueStates;
    long executions;
    long unknownSymbol;

    /**
     * @param path      a journal segment file or a directory of segments
     * @param maxLevels the most levels per side a book update of the journal may hold
     */
    JournalSource(Path path, SymbolRegistry registry, String exchange, int maxLevels) {
        this.path = path;
        this.registry = registry;
        this.exchange = exchange;
        this.raw = new BookUpdate(maxLevels);
        this.book = new BookUpdate(maxLevels);
        this.reader = new JournalReader(path, false);
        reader.onSegment(this::mapSegment);
    }

    /** Whether {@code p} is a journal: a directory (of segments), or a file that starts with the magic FLOXJRNL. */
    static boolean isJournal(Path p) throws IOException {
        if (Files.isDirectory(p)) return true;
        byte[] head = new byte[JournalFormat.MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return n == head.length && Arrays.equals(head, JournalFormat.MAGIC);
    }

    Path path() {
        return path;
    }

    boolean isDone() {
        return done;
    }

    /**
     * Hands up to {@code limit} records to {@code sink}.
     *
     * @throws SymbolConflictException a journal symbol conflicts with the registry's definition
     * @throws flox.recorder.internal.journal.JournalException the journal cannot be read (names file and offset)
     */
    void poll(Sink sink, int limit) throws IOException {
        for (int i = 0; i < limit; i++) {
            if (!reader.next()) {
                done = true;
                return;
            }
            if (conflict != null) throw conflict;
            switch (reader.type()) {
                case JournalFormat.TYPE_SYMBOL -> map(reader.definedSymbol());
                case JournalFormat.TYPE_BOOK_UPDATE -> {
                    reader.readBookUpdate(raw);
                    int id = idOf(raw.symbolId());
                    if (id < 0) continue;
                    book.reset(id, raw.type()).flags(raw.flags()).updateIds(raw.firstUpdateId(), raw.lastUpdateId())
                            .timestamps(raw.exchangeTimestampNs(), reader.recordedEpochNs());
                    for (int l = 0, n = raw.bidCount(); l < n; l++) book.addBid(raw.bidPrice(l), raw.bidQuantity(l));
                    for (int l = 0, n = raw.askCount(); l < n; l++) book.addAsk(raw.askPrice(l), raw.askQuantity(l));
                    books++;
                    sink.onBookUpdate(book);
                }
                case JournalFormat.TYPE_TRADE -> {
                    reader.readTrade(trade);
                    int id = idOf(trade.symbolId());
                    if (id < 0) continue;
                    trade.set(id, trade.tradeId(), trade.priceScaled(), trade.quantityScaled(), trade.aggressorSide(), trade.exchangeTimestampNs(),
                            reader.recordedEpochNs());
                    trades++;
                    sink.onTrade(trade);
                }
                case JournalFormat.TYPE_VENUE_STATE -> {
                    reader.readVenueState(venue);
                    if (venue.state() == null) continue; // a state this API does not know (a later flox.api's journal)
                    int id = venue.symbolId() == VenueStateEvent.ALL_SYMBOLS ? VenueStateEvent.ALL_SYMBOLS : idOf(venue.symbolId());
                    if (id == -1 && venue.symbolId() != VenueStateEvent.ALL_SYMBOLS) continue;
                    venue.set(exchange, id, venue.state(), venue.reason(), venue.retryAtEpochNs(), venue.text(), reader.recordedEpochNs());
                    venueStates++;
                    sink.onVenueState(venue);
                }
                case JournalFormat.TYPE_EXECUTION -> {
                    reader.readExecution(execution);
                    int id = idOf(execution.symbolId());
                    if (id < 0) continue;
                    executions++;
                    sink.onRecordedExecution(execution, id);
                }
                default -> { }
            }
        }
    }

    private int idOf(int journalId) {
        int id = journalId >= 0 && journalId < ids.length ? ids[journalId] : -1;
        if (id < 0) unknownSymbol++;
        return id;
    }

    /** Called by the reader as it enters a segment: its header's symbols (a conflict is thrown by the next poll). */
    private void mapSegment(SegmentInfo segment) {
        try {
            for (SymbolInfo s : segment.symbols()) map(s);
        } catch (SymbolConflictException e) {
            conflict = e;
        }
    }

    private void map(SymbolInfo s) throws SymbolConflictException {
        SymbolInfo def = SymbolInfo.builder(exchange, s.symbol()).instrumentType(s.instrumentType()).priceScale(s.priceScale())
                .quantityScale(s.quantityScale()).tickSizeScaled(s.tickSizeScaled()).lotSizeScaled(s.lotSizeScaled())
                .minQuantityScaled(s.minQuantityScaled()).minNotionalScaled(s.minNotionalScaled()).maxQuantityScaled(s.maxQuantityScaled())
                .maxNotionalScaled(s.maxNotionalScaled()).tradable(s.isTradable()).build();
        int id;
        try {
            id = registry.register(def);
        } catch (SymbolRegistrationException e) {
            throw new SymbolConflictException(path + ": the journal's symbol " + s.exchange() + ":" + s.symbol() + " (id " + s.symbolId()
                    + ") replays as " + exchange + ":" + s.symbol() + ", which the symbol registry (etc/symbols.csv) defines otherwise: "
                    + e.getMessage() + ". Make etc/symbols.csv define it as the journal does (./flox run --replay writes it so)");
        }
        if (s.symbolId() >= ids.length) {
            int old = ids.length;
            ids = Arrays.copyOf(ids, Math.max(s.symbolId() + 1, old * 2));
            Arrays.fill(ids, old, ids.length, -1);
        }
        ids[s.symbolId()] = id;
    }

    /** {@return the torn tails met so far (each the end of its segment's data)} */
    List<TornTail> tornTails() {
        return reader.tornTails();
    }

    /** {@return how many segments were entered} */
    int segments() {
        return reader.segments().size();
    }

    @Override
    public void close() {
        reader.close();
    }
}
