package com.acme.redis;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.spi.BackendException;

/** A compliant third-party adapter class. */
public final class RedisStoreBits {
    private RedisStoreBits() {}

    public static String key(SegmentId segment) {
        if (segment == null) {
            throw new BackendException("no segment", null);
        }
        return "segmentlog:" + segment;
    }
}
