package dev.segmentlog.spi;

/** A store URI is malformed, names a scheme no installed provider handles, or has a bad option. */
public final class InvalidStoreUriException extends StoreException {

    /**
     * @param uri    the URI as given, with secret option values already redacted
     * @param reason what is wrong, and what would be right
     */
    public InvalidStoreUriException(String uri, String reason) {
        super("invalid store URI '" + uri + "': " + reason);
    }
}
