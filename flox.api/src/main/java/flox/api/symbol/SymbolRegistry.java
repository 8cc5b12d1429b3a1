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
     * @param definition a definition from {@link SymbolInfo.Builder#build()}; its id is ignored
     * @return the symbol's id
     * @throws SymbolRegistrationException if the (exchange, symbol) pair is registered with
     *         different metadata; the message names the differing field
     */
    int register(SymbolInfo definition) throws SymbolRegistrationException;

    /**
     * Registers several symbols atomically: either all are registered (or already were,
     * identically) or none is.
     *
     * @param definitions definitions from {@link SymbolInfo.Builder#build()}
     * @return ids in the order of {@code definitions}
     * @throws SymbolRegistrationException naming the first offending definition; nothing was registered
     */
    int[] registerAll(List<SymbolInfo> definitions) throws SymbolRegistrationException;

    /**
     * The registered symbol with this id. No allocation.
     *
     * @param symbolId the id
     * @return the symbol, or null when no symbol has that id
     */
    SymbolInfo symbol(int symbolId);

    /**
     * Looks a symbol up by name. Compares characters, so a connector may pass slices of its
     * receive buffer; no allocation.
     *
     * @param exchange the venue name, case-sensitive
     * @param symbol   the symbol name, case-sensitive
     * @return the id of (exchange, symbol), or {@link #UNKNOWN}
     */
    int resolve(CharSequence exchange, CharSequence symbol);

    /** {@return the number of registered symbols; ids are 0 .. size()-1} */
    int size();

    /** {@return a new snapshot of all symbols ordered by id. Allocates; for tools and shells, not hot paths.} */
    List<SymbolInfo> symbols();
}
