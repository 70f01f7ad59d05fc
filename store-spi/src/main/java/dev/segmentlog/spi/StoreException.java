package dev.segmentlog.spi;

/**
 * The one unchecked error family of a {@link SegmentStore}. Adapters translate their own failures
 * (I/O, SQL, HTTP) into one of the final subclasses at their edge; nothing else crosses the port.
 */
public abstract sealed class StoreException extends RuntimeException
        permits SegmentNotFoundException, SegmentAlreadyExistsException, ConflictException,
                CorruptDataException, InvalidEntryException, BackendException, InvalidStoreUriException,
                UnsupportedCapabilityException, ReadOnlyStoreException {

    StoreException(String message) {
        super(message);
    }

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
