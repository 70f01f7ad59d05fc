package dev.segmentlog.store.sqlite;

/**
 * How hard an acknowledged write is pressed to disk: SQLite's {@code synchronous} setting, in WAL
 * mode.
 */
public enum Durability {

    /**
     * {@code synchronous=NORMAL} (the default): a commit survives a crash of the application; after a
     * power loss or an OS crash the last commits may roll back, but the file is never corrupted.
     */
    NORMAL("NORMAL"),

    /**
     * {@code synchronous=FULL}: every commit is synced to disk before the append returns, so it also
     * survives a power loss or an OS crash. Slower.
     */
    FULL("FULL");

    private final String pragmaValue;

    Durability(String pragmaValue) {
        this.pragmaValue = pragmaValue;
    }

    /** The value of {@code PRAGMA synchronous}. */
    String pragmaValue() {
        return pragmaValue;
    }
}
