package dev.segmentlog.cli;

import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.spi.ConflictException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.InvalidEntryException;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentNotFoundException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import java.util.List;

/**
 * Copies one segment, its entries and its trace, from one store to another: whatever the target
 * already holds of it is checked and kept, and only what it lacks is written, so running a copy
 * again completes what an earlier run left unfinished and duplicates nothing.
 */
final class SegmentCopy {
    private final SegmentStore in;
    private final SegmentStore out;
    private final String target;

    /** What copying a segment did. */
    enum Outcome {
        /** The target did not hold the segment; it does now. */
        COPIED,
        /** The target held part of it (entries or trace entries); it holds all of it now. */
        COMPLETED,
        /** The target held all of it already. */
        PRESENT,
        /** It could not be copied, or not entirely: {@link Copied#problem} says why. */
        FAILED
    }

    /**
     * What copying one segment did.
     *
     * @param entries how many entries the segment held when its copy began
     * @param chained whether it is hash-chained
     * @param problem why it failed, in words that follow "segment ID"; null unless {@link Outcome#FAILED}
     */
    record Copied(Outcome outcome, long entries, boolean chained, String problem) {}

    /** @param target the target's URI, as messages show it */
    SegmentCopy(SegmentStore in, SegmentStore out, String target) {
        this.in = in;
        this.out = out;
        this.target = target;
    }

    /**
     * Copies {@code segment}. What can go wrong with one segment — data that cannot be read, a target
     * holding other entries, a target without hash chains, another writer — fails that segment only;
     * a failure of a store as a whole (a {@link dev.segmentlog.spi.BackendException}) is thrown.
     */
    Copied copy(SegmentId segment) {
        boolean present = out.exists(segment);
        long size;
        Entries entries;
        try {
            size = in.count(segment); // a live segment may grow meanwhile: this copy takes what it holds now
            entries = copyEntries(segment, size, present);
        } catch (CorruptDataException | SegmentNotFoundException e) {
            return failed(false, "cannot be read: " + e.getMessage());
        } catch (ConflictException | SegmentAlreadyExistsException | InvalidEntryException e) {
            return failed(false, "cannot be written to " + target + ": " + e.getMessage());
        } catch (UnsupportedCapabilityException e) {
            return failed(true, "is hash-chained but " + target + " does not keep hash chains; not copied");
        }
        if (entries.problem() != null) {
            return failed(entries.chained(), entries.problem());
        }
        Trace trace;
        try {
            trace = copyTrace(segment);
        } catch (CorruptDataException e) {
            return failed(entries.chained(), "has a trace that cannot be read (its entries are copied): "
                    + e.getMessage());
        }
        if (trace.problem() != null) {
            return failed(entries.chained(), trace.problem());
        }
        Outcome outcome = !present ? Outcome.COPIED
                : entries.written() || trace.written() ? Outcome.COMPLETED : Outcome.PRESENT;
        return new Copied(outcome, size, entries.chained(), null);
    }

    private static Copied failed(boolean chained, String problem) {
        return new Copied(Outcome.FAILED, 0, chained, problem);
    }

    /** What copying the entries did: whether any was written, and why they cannot be copied (or null). */
    private record Entries(boolean written, boolean chained, String problem) {}

    /**
     * Copies the first {@code size} entries a page at a time, with their chain fields, so the hashes
     * of a chained segment (and the at_hash of forks made from it) stay valid in the target. A page
     * the target lacks is appended only if the target still holds exactly the entries before it, and
     * is read back at once; what the target holds already is compared page by page.
     */
    private Entries copyEntries(SegmentId segment, long size, boolean present) {
        long held = present ? out.count(segment) : 0;
        if (held > size) {
            return new Entries(false, false, "already exists in " + target + " with other entries; left alone");
        }
        boolean chained = false;
        boolean written = false;
        long position = 0;
        for (List<StoredEntry> page : SegmentPages.before(in, segment, size)) {
            chained |= position == 0 && page.get(0).isChained();
            List<StoredEntry> missing = page;
            if (position < held) {
                List<StoredEntry> there = out.read(segment, position, page.size());
                if (!there.equals(page.subList(0, there.size()))) {
                    return new Entries(written, chained, "already exists in " + target + " with "
                            + otherEntries(there, page.subList(0, there.size())) + "; left alone");
                }
                missing = page.subList(there.size(), page.size());
            }
            if (!missing.isEmpty()) {
                long at = position + page.size() - missing.size();
                if (at > 0 || present) {
                    out.append(segment, ExpectedCount.exactly(at), missing);
                } else {
                    out.create(segment, missing);
                }
                written = true;
                List<StoredEntry> readBack = out.read(segment, at, missing.size());
                if (!readBack.equals(missing)) {
                    return new Entries(written, chained, "reads back from " + target + " differently from the "
                            + "source at positions " + at + " to " + (at + missing.size() - 1)
                            + (StoredEntry.entries(readBack).equals(StoredEntry.entries(missing))
                                    ? " (the hashes differ)" : ""));
                }
            }
            position += page.size();
        }
        return new Entries(written, chained, null);
    }

    /** What copying the trace did: whether any trace entry was written, and why it cannot be copied (or null). */
    private record Trace(boolean written, String problem) {}

    /** Appends the trace entries the target lacks: the target's trace must be a prefix of the source's. */
    private Trace copyTrace(SegmentId segment) {
        List<TraceEntry> source = in.readTrace(segment);
        List<TraceEntry> there = out.readTrace(segment);
        if (there.size() > source.size() || !there.equals(source.subList(0, there.size()))) {
            return new Trace(false, "has a trace in " + target + " that holds other trace entries; left alone");
        }
        for (TraceEntry entry : source.subList(there.size(), source.size())) {
            out.appendTrace(segment, entry);
        }
        return new Trace(there.size() < source.size(), null);
    }

    /** How the entries a target holds differ from the source's at the same positions. */
    private static String otherEntries(List<StoredEntry> there, List<StoredEntry> source) {
        if (!StoredEntry.entries(there).equals(StoredEntry.entries(source))) {
            return "other entries";
        }
        return StoredEntry.anyChained(there) ? "the same entries but other hashes"
                : "the same entries but without their hashes";
    }
}
