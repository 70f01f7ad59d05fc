package dev.segmentlog.store.s3;

import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.spi.StoreException;
import dev.segmentlog.store.s3.Bodies.Batch;
import dev.segmentlog.store.s3.SegmentState.Piece;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packing, after the Delta Lake log (put-if-absent commits, checkpoints, a last-checkpoint hint): when the
 * commits after the last pack reach {@code pack_every}, the appending store writes them as one level-0
 * pack, merges every {@link #FANOUT} consecutive packs of one level into one pack of the next level while
 * the merged body stays within {@link #MAX_PACK_BYTES}, and rewrites the hint. Callers hold the segment's
 * lock.
 */
final class Packer {
    private static final System.Logger LOG = System.getLogger(Packer.class.getName());
    /** How many packs of one level are merged into one pack of the next level. */
    static final int FANOUT = 4;
    /**
     * Packs are merged only while the merged body holds at most this many bytes: a small page never
     * fetches much more than a round trip's worth of a long segment, and a read of the whole segment
     * fetches a handful of objects. A single append larger than this stays one object.
     */
    static final long MAX_PACK_BYTES = 4L << 20;

    private final S3Access s3;
    private final Keys keys;
    private final Bodies bodies;
    private final DecodedObjects objects;
    private final int packEvery;

    Packer(S3Access s3, Keys keys, Bodies bodies, DecodedObjects objects, int packEvery) {
        this.s3 = s3;
        this.keys = keys;
        this.bodies = bodies;
        this.objects = objects;
        this.packEvery = packEvery;
    }

    /**
     * Packs if {@code pack_every} commits follow the last pack. A failure is logged ({@code System.Logger},
     * WARNING), not thrown: the append is stored and acknowledged, packing only saves readers requests,
     * and the next append tries again.
     */
    void packIfDue(SegmentState state) {
        if (state.commits.size() < packEvery) {
            return;
        }
        try {
            pack(state);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "S3 store " + s3.location() + ": packing segment " + state.id
                    + " failed; the append is stored, packing will be retried", e);
        }
    }

    /**
     * Packs the commits after the last pack into one level-0 pack, merges the last {@link #FANOUT} packs of
     * one level into one of the next level (repeatedly, while the merged body stays within
     * {@link #MAX_PACK_BYTES}), then writes the hint. Pack objects are written unconditionally: their
     * content is fixed by their range, so concurrent packers write the same bytes.
     */
    private void pack(SegmentState state) {
        List<Piece> packs = new ArrayList<>(state.packs);
        packs.add(writePack(state, state.commits, 0));
        while (packs.size() >= FANOUT) {
            List<Piece> last = packs.subList(packs.size() - FANOUT, packs.size());
            int level = last.get(0).level();
            boolean mergeable = last.stream().allMatch(piece -> piece.level() == level && piece.bytes() >= 0);
            if (!mergeable || last.stream().mapToLong(Piece::bytes).sum() > MAX_PACK_BYTES) {
                break;
            }
            Piece merged = writePack(state, new ArrayList<>(last), level + 1);
            last.clear();
            packs.add(merged);
        }
        s3.put(keys.hint(state.id), new Hint(packs, state.lastTs).encode(), Map.of());
        state.packs.clear();
        state.packs.addAll(packs);
        state.commits.clear();
    }

    /**
     * Writes one pack of the entries the pieces hold. A pack is the concatenation of their lines: each
     * entry is encoded again with its chain fields, and since encoding is deterministic that is the line as
     * it was stored, {@code prev_hash} and {@code hash} included.
     */
    private Piece writePack(SegmentState state, List<Piece> pieces, int level) {
        long start = pieces.get(0).start();
        long end = pieces.get(pieces.size() - 1).end();
        List<StoredEntry> entries = new ArrayList<>((int) (end - start));
        for (Piece piece : pieces) {
            entries.addAll(objects.piece(state.id, piece));
        }
        Batch batch = bodies.encode(entries);
        String key = keys.pack(state.id, start, end);
        s3.put(key, batch.body(), Map.of(CommitMetadata.ENTRIES, Integer.toString(batch.size())));
        objects.remember(key, entries, batch.body().length);
        return new Piece(start, end, level, key, batch.body().length);
    }
}
