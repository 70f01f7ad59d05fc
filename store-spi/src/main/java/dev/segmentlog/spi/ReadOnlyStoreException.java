package dev.segmentlog.spi;

import java.util.Objects;

/**
 * A write was refused because the store is read-only: opened with {@code mode=ro} (see
 * {@link SegmentStores#openReadOnly}), or on a medium or server that refuses writes. Nothing was
 * written.
 */
public final class ReadOnlyStoreException extends StoreException {

    /**
     * @param store     what store it is (its redacted URI or location, never credentials)
     * @param operation what was refused, e.g. {@code "append to segment …"}
     */
    public ReadOnlyStoreException(String store, String operation) {
        super(Objects.requireNonNull(store, "store") + " is read-only: refused to "
                + Objects.requireNonNull(operation, "operation") + "; nothing was written");
    }
}
