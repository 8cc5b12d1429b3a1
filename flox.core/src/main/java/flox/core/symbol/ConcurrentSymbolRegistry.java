package flox.core.symbol;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.api.symbol.SymbolRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

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

    @Override
    public int[] registerAll(List<SymbolInfo> definitions) throws SymbolRegistrationException {
        synchronized (writeLock) {
            Table current = table;
            List<SymbolInfo> added = new ArrayList<>();
            int[] ids = new int[definitions.size()];
            for (int i = 0; i < ids.length; i++) {
                SymbolInfo d = definitions.get(i);
                if (d == null) throw new SymbolRegistrationException("definition #" + (i + 1) + " is null");
                int id = current.find(d.exchange(), d.symbol());
                SymbolInfo existing = id != UNKNOWN ? current.byId[id] : null;
                if (existing == null) {
                    for (SymbolInfo a : added) { // repeated within this batch
                        if (a.exchange().equals(d.exchange()) && a.symbol().equals(d.symbol())) {
                            existing = a;
                            break;
                        }
                    }
                }
                if (existing != null) {
                    String diff = existing.differenceFrom(d);
                    if (diff != null) {
                        throw new SymbolRegistrationException(d.exchange() + ':' + d.symbol() + " is already registered (id "
                                + existing.symbolId() + ") and its " + diff + "; nothing was registered");
                    }
                    ids[i] = existing.symbolId();
                } else {
                    SymbolInfo registered = d.withSymbolId(current.byId.length + added.size());
                    added.add(registered);
                    ids[i] = registered.symbolId();
                }
            }
            if (!added.isEmpty()) {
                SymbolInfo[] next = Arrays.copyOf(current.byId, current.byId.length + added.size());
                for (SymbolInfo a : added) next[a.symbolId()] = a;
                table = new Table(next);
            }
            return ids;
        }
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
