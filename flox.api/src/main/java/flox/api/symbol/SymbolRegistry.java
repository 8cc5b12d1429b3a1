package flox.api.symbol;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's registry of tradable symbols. Each symbol gets a dense int id (0, 1, 2, ...)
 * that the hot paths use instead of strings; ids are never reused or reassigned for the
 * life of the host.
 *
 * <p>Thread-safe. Lookups ({@link #symbol(int)}, {@link #resolve(CharSequence, CharSequence)},
 * {@link #size()}) are lock-free, wait-free for readers, safe during concurrent registration,
 * and allocate nothing. Registration is serialized internally and allocates.
 */
@ProviderType
public interface SymbolRegistry {
    /** Id returned for a symbol that is not registered. */
    int UNKNOWN = -1;

    /**
     * Registers one symbol. Registering a definition identical to an existing one returns the
     * existing id.
     *
     * @return the symbol's id
     * @throws SymbolRegistrationException if the (exchange, symbol) pair is registered with
     *         different metadata; the message names the differing field
     */
    int register(SymbolInfo definition) throws SymbolRegistrationException;

    /**
     * Registers several symbols atomically: either all are registered (or already were,
     * identically) or none is, and the exception names the first offending definition.
     *
     * @return ids in the order of {@code definitions}
     */
    int[] registerAll(List<SymbolInfo> definitions) throws SymbolRegistrationException;

    /** The symbol with this id, or null. No allocation. */
    SymbolInfo symbol(int symbolId);

    /** The id of (exchange, symbol), or {@link #UNKNOWN}. Compares characters; no allocation. */
    int resolve(CharSequence exchange, CharSequence symbol);

    /** Number of registered symbols; ids are 0 .. size()-1. */
    int size();

    /** Snapshot of all symbols ordered by id. Allocates; for tools and shells, not hot paths. */
    List<SymbolInfo> symbols();
}
