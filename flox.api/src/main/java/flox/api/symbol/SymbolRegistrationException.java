package flox.api.symbol;

/**
 * A symbol definition was refused: invalid, or in conflict with an already registered one.
 * The message names the symbol and the field. Raised only on the (cold) registration path; allocates. Immutable once thrown, so thread-safe.
 */
public class SymbolRegistrationException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * A definition the registry refused.
     *
     * @param message names the symbol and the offending field
     */
    public SymbolRegistrationException(String message) {
        super(message);
    }
}
