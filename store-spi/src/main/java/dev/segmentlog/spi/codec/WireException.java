package dev.segmentlog.spi.codec;

import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.InvalidEntryException;

/**
 * Why a value does not fit the wire format, raised inside the codec and turned by
 * {@link EntryCodec} into a {@link CorruptDataException} (decoding) or an
 * {@link InvalidEntryException} (encoding), which add the location.
 */
final class WireException extends RuntimeException {

    WireException(String reason) {
        this(reason, null);
    }

    WireException(String reason, Throwable cause) {
        // No stack trace: the codec rethrows it at once as a StoreException with its own.
        super(reason, cause, false, false);
    }
}
