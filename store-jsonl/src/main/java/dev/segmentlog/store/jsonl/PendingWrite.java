package dev.segmentlog.store.jsonl;

/**
 * A write of several lines that had begun, as its stripe's record in {@code .pending} says: bytes
 * {@code [start, end)} of the segment log {@code file}. Until the record is cleared, nothing past
 * {@code start} counts unless the write reached its last byte (see {@link TailRecovery}).
 *
 * @param file  where the segment log is
 * @param start the offset where the write began, the end of the committed lines then
 * @param end   the offset after its last byte, the {@code \n} of its last line
 */
record PendingWrite(SegmentFile file, long start, long end) {}
