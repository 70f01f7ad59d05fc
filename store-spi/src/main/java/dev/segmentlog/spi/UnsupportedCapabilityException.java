package dev.segmentlog.spi;

import java.util.Objects;

/**
 * The store does not implement an optional capability of the port, such as hash-chained segments.
 * A store declares what it lacks to the conformance kit; callers get this error instead of a
 * silent fallback.
 */
public final class UnsupportedCapabilityException extends StoreException {

    /**
     * @param store      what store it is (its class or URI, never credentials)
     * @param capability what it lacks, e.g. {@code "hash-chained segments"}
     */
    public UnsupportedCapabilityException(String store, String capability) {
        super(Objects.requireNonNull(store, "store") + " does not support "
                + Objects.requireNonNull(capability, "capability"));
    }

    /**
     * The error of a store without the hash-chain capability that was given entries carrying chain
     * fields.
     *
     * @param store what store it is (its class or URI, never credentials)
     */
    public static UnsupportedCapabilityException hashChains(String store) {
        return new UnsupportedCapabilityException(store, "hash-chained segments (entries with prev_hash/hash)");
    }
}
