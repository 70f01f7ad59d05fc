/**
 * The JSONL storage adapter: URI scheme {@code jsonl:}, entry point
 * {@link dev.segmentlog.store.jsonl.JsonlSegmentStore}, provider
 * {@link dev.segmentlog.store.jsonl.JsonlStoreProvider}.
 *
 * <h2>Layout</h2>
 * <pre>
 * DIR/.lock                                   locks shared by every process (see below)
 * DIR/.pending                                per stripe: what a writer of several lines had begun, and
 *                                             how many segment files were deleted or created (see below)
 * DIR/.segments/{segment_id}                  pointer: the segment's session id (a lookup hint)
 * DIR/{session_id}/{segment_id}.jsonl         the segment: one codec line per entry
 * DIR/{session_id}/{segment_id}.trace.jsonl   its trace: one codec line per trace entry
 * </pre>
 * A line is committed once its {@code \n} is written. Files are only ever appended to, except that a
 * writer cuts off bytes that were never committed (see below), and deleting a session removes its files.
 *
 * <h2>Hash-chained segments</h2>
 * An entry written with its chain fields ({@code create} and {@code append} take
 * {@link dev.segmentlog.core.StoredEntry} values) is one line like any other: the codec's canonical
 * line of the entry with {@code ,"prev_hash":"…","hash":"…"} appended last. Plain and chained lines go
 * through the same write and read paths, so everything below (locks, torn tails, pending writes,
 * pages) holds for them alike. The store keeps the fields as given and never checks the chain (a
 * plain append to a chained segment is stored as a plain line); {@code SegmentLog.verify} does.
 * {@code read} returns the fields (null on a plain line).
 *
 * <h2>Concurrency</h2>
 * Writers of a segment take its lock: an in-JVM lock, then a {@link java.nio.channels.FileLock} on a
 * byte of {@code .lock} chosen by the segment id (256 stripes, so unrelated segments rarely wait
 * for each other). Under it they compare the
 * committed line count (conditional append), cut off a torn tail, and write all new lines with one
 * write. Readers take the same range shared for the instant needed to see the committed size, then
 * read without a lock, so a reader never sees part of a batch. Create and delete also take the
 * directory byte. Locks are JVM-wide objects shared by every store of the JVM open on a directory,
 * and an interrupted thread never drops them.
 *
 * <h2>What a crash leaves</h2>
 * <ul>
 * <li>A crash while one line is written leaves at most a torn last line, with no {@code \n}: readers
 *     ignore it and the next append cuts it off.</li>
 * <li>Before several lines are written (a batch, or a create), the writer records them as its stripe's
 *     <em>pending write</em> in {@code .pending} (segment, start and end offsets; forced to disk first
 *     when {@code durability=fsync}) and clears it after. A crash in between leaves the record:
 *     readers count nothing past its start unless the whole batch made it to its last {@code \n},
 *     and the next writer of the stripe cuts the file back to the start. So a batch is all or
 *     nothing even when some of its lines were whole when the process died.</li>
 * <li>A failed write (an I/O error) is cut back to the size before it, so the caller's exception means
 *     nothing was written; if even that fails the exception says so.</li>
 * <li>A create that never finished leaves a file without a committed line (or a pending write from
 *     offset 0): it counts as no segment, and creating the segment again takes it over.</li>
 * </ul>
 * With {@code durability=buffered} an acknowledged append survives a crash of the process; with
 * {@code durability=fsync} it also survives a crash of the machine.
 *
 * <h2>Cost</h2>
 * Each store caches, per segment, the committed byte size and line count. A count is a lock, a read
 * of the stripe's record and an {@code fstat} when nothing changed; when another process appended,
 * only the new bytes are read. The stripe's record in {@code .pending} also counts the segment files
 * of the stripe deleted or created (by any process, holding the stripe): while that count stays the
 * same, the store checks the file it keeps open with {@code fstat}; after a change it looks the path
 * up again ({@code stat}), so a segment deleted, or deleted and created again, by someone else is
 * never mistaken for the file it had open.
 * A lookup by id uses the cache, then the pointer file (so segments created by other processes are
 * found at once), and only then looks into every session directory, for segment files put there by
 * other means. Create does not do that last step: it relies on the pointer (created under the
 * directory lock) and on creating the file with {@code CREATE_NEW}.
 *
 * <p>The head hash is cached next to the count: known after this store's own writes, else read from
 * the last line alone (its offset is cached).
 *
 * <p>An append costs: the in-JVM lock, one {@code fcntl} lock and unlock, a read of the stripe's
 * record (pending write and replacement count), an {@code fstat} of the open file (to notice appends
 * by others; a {@code stat} of the path instead after a replacement in the stripe, or when the
 * stripe's open file was another segment's), and the write itself (plus one write each side for a
 * batch, and {@code force} with {@code durability=fsync}). Each store keeps one segment file open per
 * stripe.
 *
 * <h2>What a page costs</h2>
 * <ul>
 * <li><b>{@code read(segment, position, limit)}</b>: the lock for an instant (as a count: the record,
 *     a {@code stat}, and only the bytes appended since the store last looked), opening the file,
 *     then, outside the lock, one seek and a sequential read of the page's lines plus fewer than
 *     256 lines before them, decoding only the page's lines. The seek comes from a sparse index of
 *     line starts the store keeps next to the count: the offset of every 256th committed line
 *     (8 bytes per 256 entries, nothing for a shorter segment), recorded as lines are written or
 *     first counted, so it never costs a read of its own. A read of the last entry starts at the
 *     last line. Files only grow and a committed line never moves, so the offsets stay true while
 *     others append; the index is dropped with the count when the file turns out to be another one
 *     (deleted and created again), and a torn tail or an unfinished batch is never counted, so never
 *     indexed. Pages of 4096 (a multiple of 256) each start at an indexed line, so reading a whole
 *     segment page by page reads the file about once, as a single read would.
 *     A store that has not yet looked at a segment counts its lines once (reading the file, without
 *     decoding), as any count does.</li>
 * <li><b>{@code listSessions(page)}</b>: the names in {@code DIR}, nothing else; each name that is
 *     a session id is a session.</li>
 * <li><b>{@code listSegments(session, page)}</b>: the names in that session's directory.</li>
 * <li><b>{@code listSegments(page)}</b>: the names in {@code DIR} and in every session directory:
 *     a directory listing per session, no file opened.</li>
 * </ul>
 * A directory has no order, so each listing page reads every name of the directories it covers, and
 * keeps only the {@code limit + 1} newest ids it has seen: memory for one page, time proportional to
 * the names. Going by names alone, a listing also shows, until the id is created again or its
 * session deleted, a segment whose create was cut short by a crash before its first line was
 * written (a create that fails without a crash removes what it made, and a session directory
 * it made). {@code exists} and the other operations do not count such a file as a segment.
 */
package dev.segmentlog.store.jsonl;
