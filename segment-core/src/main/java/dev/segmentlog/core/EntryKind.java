package dev.segmentlog.core;

/** The kinds of {@link LogEntry}, each with its {@code kind} tag in the wire format. */
public enum EntryKind {
    SEGMENT_START("segment_start"),
    INVOKE("invoke"),
    USER_INPUT("user_input"),
    ASSISTANT_ITEM("assistant_item"),
    TOOL_RESULT("tool_result"),
    SYSTEM_ITEM("system_item"),
    TURN_END("turn_end"),
    RUN_COMPLETED("run_completed"),
    RUN_ERRORED("run_errored"),
    PAUSED_TURN_ABANDONED("paused_turn_abandoned"),
    CONFIG_CHANGED("config_changed"),
    LLM_USAGE("llm_usage"),
    EXTENSION("extension"),
    /** Hash-chained format v0: the provider's cache was locked. */
    LOCKED("locked"),
    /** Hash-chained format v0: the provider's cache was unlocked. */
    CACHE_UNLOCKED("cache_unlocked"),
    /** Hash-chained format v0: how a run ended. */
    RUN_OUTCOME("run_outcome"),
    /** Read-only legacy plural form. */
    ASSISTANT_ITEMS("assistant_items"),
    /** Read-only legacy plural form. */
    TOOL_RESULTS("tool_results"),
    /** Read-only legacy plural form. */
    HOOK_INJECTED_ITEMS("hook_injected_items"),
    /** Read-only legacy plural form. */
    SYSTEM_ITEMS("system_items"),
    /**
     * An entry whose {@code kind} no known version writes, kept whole as {@link LogEntry.Unknown};
     * its real tag is {@link LogEntry#wireKind()}. {@code "unknown"} is only this constant's name.
     */
    UNKNOWN("unknown");

    private final String wireName;

    EntryKind(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The {@code kind} tag in the wire format; for {@link #UNKNOWN} the placeholder
     * {@code "unknown"} (use {@link LogEntry#wireKind()} for an entry's real tag).
     */
    public String wireName() {
        return wireName;
    }

    /** Whether the operations never write this kind (it is only read from old logs). */
    public boolean isReadOnlyLegacy() {
        return this == ASSISTANT_ITEMS || this == TOOL_RESULTS || this == HOOK_INJECTED_ITEMS || this == SYSTEM_ITEMS;
    }
}
