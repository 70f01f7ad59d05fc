package dev.segmentlog.spi.internal;

/** Stands for a class of an internal package of segmentlog. */
public final class SpiSecret {
    private SpiSecret() {}

    public static int value() {
        return 42;
    }
}
