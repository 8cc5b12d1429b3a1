package flox.bench;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Symbol lookup as a connector does it: the name arrives in a reusable buffer (here a
 * StringBuilder standing in for a decoder's CharSequence view), 1,700 symbols registered (the
 * size of Binance's exchangeInfo). Baseline in the same run: the usual HashMap keyed by a String
 * built from the buffer, which allocates per lookup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SymbolRegistryBenchmark {
    static final int SYMBOLS = 1_700;
    static final int MASK = 1023; // lookups cycle over 1,024 of them

    ConcurrentSymbolRegistry registry;
    Map<String, Integer> baseline;
    StringBuilder[] exchanges;
    StringBuilder[] names;
    int cursor;

    @Setup
    public void setUp() throws SymbolRegistrationException {
        registry = new ConcurrentSymbolRegistry();
        baseline = new HashMap<>();
        List<SymbolInfo> defs = new ArrayList<>();
        for (int i = 0; i < SYMBOLS; i++) {
            defs.add(SymbolInfo.builder("BINANCE", String.format("SYM%04dUSDT", i)).priceScale(8).quantityScale(8)
                    .tickSizeScaled(1).lotSizeScaled(1).build());
        }
        int[] ids = registry.registerAll(defs);
        for (int i = 0; i < SYMBOLS; i++) baseline.put("BINANCE:" + defs.get(i).symbol(), ids[i]);
        exchanges = new StringBuilder[MASK + 1];
        names = new StringBuilder[MASK + 1];
        for (int i = 0; i <= MASK; i++) {
            int s = (i * 613) % SYMBOLS; // spread over the table
            exchanges[i] = new StringBuilder("BINANCE");
            names[i] = new StringBuilder(defs.get(s).symbol());
        }
    }

    /** Flox: resolve straight from the buffer. Expect 0 B/op. */
    @Benchmark
    public int resolveFromBuffer() {
        int i = cursor++ & MASK;
        return registry.resolve(exchanges[i], names[i]);
    }

    /** Flox: metadata by dense id. Expect 0 B/op. */
    @Benchmark
    public SymbolInfo symbolById() {
        return registry.symbol(cursor++ % SYMBOLS);
    }

    /** Baseline: HashMap with a String key built from the buffer (allocates per lookup). */
    @Benchmark
    public Integer baselineHashMapWithStringKey() {
        int i = cursor++ & MASK;
        return baseline.get(exchanges[i].toString() + ':' + names[i]);
    }
}
