package flox.core.symbol;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.api.symbol.SymbolRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SymbolRegistry} as an immutable table published through a volatile field
 * (copy-on-write). Readers load the current table once and probe it: lock-free, wait-free and
 * allocation-free. Registration is rare (start-up, configuration reloads): writers serialize on
 * a monitor, build the next table and publish it, so a reader never sees half a registration.
 */
public final class ConcurrentSymbolRegistry implements SymbolRegistry {
    /** Immutable snapshot: symbols by id plus an open-addressing index of ids by name hash. */
    private static final class Table {
        final SymbolInfo[] byId;
        final int[] index; // symbol id + 1; 0 = empty
        final int mask;

        Table(SymbolInfo[] byId) {
            this.byId = byId;
            int size = Integer.highestOneBit(Math.max(8, byId.length * 2 - 1)) << 1;
            index = new int[size];
            mask = size - 1;
            for (SymbolInfo s : byId) {
                int cell = hash(s.exchange(), s.symbol()) & mask;
                while (index[cell] != 0) cell = (cell + 1) & mask;
                index[cell] = s.symbolId() + 1;
            }
        }

        int find(CharSequence exchange, CharSequence symbol) {
            int cell = hash(exchange, symbol) & mask;
            for (;;) {
                int v = index[cell];
                if (v == 0) return UNKNOWN;
                SymbolInfo s = byId[v - 1];
                if (contentEquals(s.symbol(), symbol) && contentEquals(s.exchange(), exchange)) return v - 1;
                cell = (cell + 1) & mask;
            }
        }
    }

    private volatile Table table = new Table(new SymbolInfo[0]);
    private final Object writeLock = new Object();

    @Override
    public int register(SymbolInfo definition) throws SymbolRegistrationException {
        return registerAll(Collections.singletonList(definition))[0];
    }

    /**
     * {@inheritDoc}
     *
     * <p>Linear in the size of the batch (plus one copy of the table when something new is
     * registered). A definition repeated within the batch gets one id if both copies are
     * identical; if they differ, the batch is refused and the message says that the batch
     * itself is inconsistent.
     */
    @Override
    public int[] registerAll(List<SymbolInfo> definitions) throws SymbolRegistrationException {
        if (definitions == null) throw new SymbolRegistrationException("the list of definitions is null; nothing was registered");
        // one snapshot of the caller's list: size and elements agree, and access is O(1) whatever the List
        SymbolInfo[] batch = definitions.toArray(new SymbolInfo[0]);
        synchronized (writeLock) {
            Table current = table;
            int firstNewId = current.byId.length;
            List<SymbolInfo> added = new ArrayList<>();
            Map<SymbolKey, Integer> firstInBatch = null; // new symbols of this batch -> their position in it
            int[] ids = new int[batch.length];
            for (int i = 0; i < batch.length; i++) {
                SymbolInfo d = batch[i];
                if (d == null) throw new SymbolRegistrationException("definition #" + (i + 1) + " is null; nothing was registered");
                int id = current.find(d.exchange(), d.symbol());
                if (id != UNKNOWN) {
                    SymbolInfo existing = current.byId[id];
                    String diff = existing.differenceFrom(d);
                    if (diff != null) {
                        throw new SymbolRegistrationException(d.exchange() + ':' + d.symbol() + " is already registered (id "
                                + existing.symbolId() + ") and its " + diff + "; nothing was registered");
                    }
                    ids[i] = id;
                    continue;
                }
                if (firstInBatch == null) firstInBatch = new HashMap<>();
                Integer earlier = firstInBatch.putIfAbsent(new SymbolKey(d.exchange(), d.symbol()), i);
                if (earlier != null) { // repeated within this batch
                    SymbolInfo first = added.get(ids[earlier] - firstNewId);
                    String diff = first.differenceFrom(d);
                    if (diff != null) {
                        throw new SymbolRegistrationException(d.exchange() + ':' + d.symbol()
                                + " is defined twice in this batch with different " + fieldName(diff) + " (definitions #"
                                + (earlier + 1) + " and #" + (i + 1) + "): " + diff + "; nothing was registered");
                    }
                    ids[i] = first.symbolId();
                    continue;
                }
                SymbolInfo registered = d.withSymbolId(firstNewId + added.size());
                added.add(registered);
                ids[i] = registered.symbolId();
            }
            if (!added.isEmpty()) {
                SymbolInfo[] next = Arrays.copyOf(current.byId, firstNewId + added.size());
                for (SymbolInfo a : added) next[a.symbolId()] = a;
                table = new Table(next);
            }
            return ids;
        }
    }

    /** The field named by a {@link SymbolInfo#differenceFrom} description ("tickSize is ..."). */
    private static String fieldName(String difference) {
        int space = difference.indexOf(' ');
        return space > 0 ? difference.substring(0, space) : "metadata";
    }

    @Override
    public SymbolInfo symbol(int symbolId) {
        SymbolInfo[] byId = table.byId;
        return symbolId >= 0 && symbolId < byId.length ? byId[symbolId] : null;
    }

    @Override
    public int resolve(CharSequence exchange, CharSequence symbol) {
        return table.find(exchange, symbol);
    }

    @Override
    public int size() {
        return table.byId.length;
    }

    @Override
    public List<SymbolInfo> symbols() {
        return Collections.unmodifiableList(Arrays.asList(table.byId.clone()));
    }

    private static int hash(CharSequence exchange, CharSequence symbol) {
        int h = 0x9747b28c;
        for (int i = 0, n = exchange.length(); i < n; i++) h = 31 * h + exchange.charAt(i);
        h = 31 * h + ':';
        for (int i = 0, n = symbol.length(); i < n; i++) h = 31 * h + symbol.charAt(i);
        return h ^ (h >>> 16);
    }

    private static boolean contentEquals(String a, CharSequence b) {
        int n = a.length();
        if (n != b.length()) return false;
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) return false;
        }
        return true;
    }
}
