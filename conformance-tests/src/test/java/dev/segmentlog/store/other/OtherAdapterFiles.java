package dev.segmentlog.store.other;

/** Stands for another adapter's class. */
public final class OtherAdapterFiles {
    private OtherAdapterFiles() {}

    public static String path() {
        return "other";
    }
}
