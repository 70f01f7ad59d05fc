package dev.segmentlog.spi;

/**
 * An entry was refused before anything was written: it is over the codec's limits (size, nesting,
 * string length) or holds JSON that is not valid. A batch holding such an entry writes nothing.
 */
public final class InvalidEntryException extends StoreException {
    private final String kind;

    /**
     * @param kind   the entry's wire kind
     * @param reason what is wrong
     */
    public InvalidEntryException(String kind, String reason) {
        super("refused " + kind + " entry: " + reason + "; nothing was written");
        this.kind = kind;
    }

    /** The entry's wire kind. */
    public String kind() {
        return kind;
    }
}
