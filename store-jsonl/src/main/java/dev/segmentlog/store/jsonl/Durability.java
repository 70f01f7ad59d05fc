package dev.segmentlog.store.jsonl;

import java.util.Locale;

/** When an append of a {@link JsonlSegmentStore} counts as done. */
public enum Durability {

    /**
     * Done once the operating system has the bytes: an append survives a crash of the process,
     * not necessarily a crash of the machine. URI option {@code durability=buffered} (the default).
     */
    BUFFERED,

    /**
     * Done once the bytes are on the device: every append is followed by
     * {@link java.nio.channels.FileChannel#force(boolean) force(false)}, and creating a segment
     * also syncs the directories that name it. URI option {@code durability=fsync}.
     */
    FSYNC;

    /** The URI option value, e.g. {@code fsync}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
