package flox.core.symbol;

/** A symbols file could not be used; the message names the file, the line and the field. */
public final class SymbolsFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public SymbolsFileException(String message) {
        super(message);
    }

    public SymbolsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
