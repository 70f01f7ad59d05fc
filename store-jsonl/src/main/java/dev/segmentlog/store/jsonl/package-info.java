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
 * DIR/{segment_id}.jsonl                      a segment in the flat layout (see below), read in place
 * DIR/{segment_id}.trace.jsonl                its trace
 * </pre>
 * A line is committed once its {@code \n} is written. Files are only ever appended to, except that a
 * writer cuts off bytes that were never committed (see below), and deleting a session removes its files.
 * A read-only store ({@code mode=ro}) creates none of the first three: see <em>Read-only stores</em>.
 *
 * <p><b>Blank lines.</b> A committed line that is empty or holds nothing but spaces, tabs,
 * {@code \r}, {@code \v} and {@code \f} is no entry, as in the original runtime, which skips such
 * lines: reads pass over it, it takes no position and adds nothing to a count, the line index (below)
 * skips it, and a file of nothing else is no segment. The store never writes a blank line, and an
 * append after blank lines keeps them. Bytes after the last {@code \n} are a torn tail whatever they are, blank or
 * not. Once a file has a blank line, corrupt data is named by the byte offset of its line (its line
 * number is no longer its position + 1). A line holding only other whitespace (U+00A0, say, which the
 * runtime also trims) is not blank here but corrupt data: it is not JSON.
 *
 * <p><b>Segment files that are no segment.</b> A segment file without a committed entry (empty,
 * blank lines only, a torn first line, or a pending write from offset 0: what a create that never
 * finished leaves) is no segment: listings skip it, {@code exists} says false, {@code info},
 * {@code count} and {@code read} say it is not found, and creating the segment again takes the file
 * over. So one damaged file never makes the rest of the store unreadable. (The original runtime counts
 * an empty file as a segment of no entries; here a segment always opens with its
 * {@code segment_start}.)
 *
 * <h2>The flat layout</h2>
 * Versions of the original runtime before it had sessions (up to its commit 22f5d023; session
 * directories came with 5edc4d3b) keep each
 * segment directly in the directory, {@code DIR/{segment_id}.jsonl}, with its trace next to it, and
 * write {@code segment_start} without {@code session_id}. The store reads such segments in place,
 * in a directory of their own or mixed with the session layout: each is its own session (the session
 * id is the segment id, as the codec reads a {@code segment_start} without {@code session_id}), is
 * listed by {@code listSegments}, by {@code listSessions} as that session and by
 * {@code listSegments(that session)}, and is read, counted and traced like any other. A segment id is
 * looked up through its pointer, then in the flat layout, then in every session directory, so an id
 * should have files in one place only. A flat file is listed under its own id's session whatever its
 * first line says (no version of the runtime wrote a {@code session_id} in the flat layout).
 *
 * <p>Opened read-only, the store writes nothing into such a directory. Opened for writing, it does
 * what it does in any directory: it adds {@code .lock}, {@code .pending} and {@code .segments/};
 * {@code append} and {@code appendTrace} write to a flat segment in place, under the same locks and
 * crash rules (its pending write is marked as one in the flat layout); {@code deleteSession} of its
 * session deletes it and its trace; and {@code create} always writes the session layout, so a segment
 * created in the session of a flat segment (a fork of it, say) goes to {@code DIR/{that id}/}, and the
 * session then lists both. Nothing is moved: {@code segmentlog copy} puts a whole store into the
 * session layout of another.
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
 * and an interrupted thread never drops them. A read-only store takes no lock across processes.
 *
 * <h2>Read-only stores</h2>
 * {@code JsonlSegmentStore.openReadOnly(dir)}, or the URI option {@code mode=ro} (what
 * {@code SegmentStores.openReadOnly} sets), opens an existing directory only to read it: a missing
 * directory is an error saying so, and nothing is ever created or changed: no {@code .lock},
 * {@code .pending} or {@code .segments/}, no torn tail or unfinished batch cut off. Every write is
 * refused with a {@link dev.segmentlog.spi.ReadOnlyStoreException}. It reads {@code .pending} when a
 * writer made it, so the record a writer that died left there is still honoured: nothing past the
 * start of its unfinished write counts. A directory nobody writes to (a backup, a snapshot, a
 * read-only mount, the data of a program that is not running) is read exactly as a writable store
 * reads it.
 *
 * <p>It takes no lock, so while another process writes, what it may see follows from the write
 * protocol alone:
 * <ul>
 * <li>Never a torn line: only lines ended by their {@code \n} count.</li>
 * <li>Never part of a batch (a create, or an append of several entries) of a writer following this
 *     protocol. Such a writer records the batch in {@code .pending} before writing any of it and
 *     clears the record only after its last byte is written; the reader reads the record between two
 *     looks at the file and uses them only when both looks agree. Had the first look caught part of
 *     a batch whose record was gone by the time it was read, the rest of the batch would have grown
 *     the file by the second look: it looks again (spinning, then waiting up to a millisecond; while
 *     a writer appends without pause it may look several times). It never makes a writer wait.</li>
 * <li>An entry whose append then failed: a single entry written whole whose {@code force} to disk
 *     ({@code durability=fsync}) then failed is cut back by its writer, which reports that nothing was
 *     written; a locking reader can never see it, this one can in between. (A failed batch stays
 *     announced by its record, so it is never seen.)</li>
 * <li>A segment deleted meanwhile: the call that finds it gone says it is not found; a page already
 *     being read from the file is finished from it. A segment deleted and created again is noticed
 *     by its file's identity at the next look, as in a writable store.</li>
 * <li>Nothing holds still across calls, as for any reader: a listing, then {@code info} of each id, may
 *     find an id deleted in between; later pages of a segment may come from a longer segment.</li>
 * <li>The record is read without a lock: a read that overlapped a writer rewriting that very record
 *     (the OS does not make the two atomic) could see a mix; at worst that one look would count fewer
 *     entries, never a byte that is not committed.</li>
 * <li>A writer that does not follow this protocol, such as the original runtime writing its own
 *     directory, announces no batch: the reader sees whole lines, but may see some of the lines such a
 *     writer meant to write at once.</li>
 * </ul>
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
 *     offset 0): it is no segment (see above), and creating the segment again takes it over.</li>
 * </ul>
 * With {@code durability=buffered} an acknowledged append survives a crash of the process; with
 * {@code durability=fsync} it also survives a crash of the machine.
 *
 * <h2>Cost</h2>
 * Each store caches, per segment, the committed byte size and line count. A count is a lock, a look
 * at the stripe's record and a read of two bytes when nothing changed: the last committed byte, which
 * must be the last byte of the file. When the file is longer (another process appended) it asks the
 * size ({@code fstat}) and reads only the new bytes. The size is not asked for when nothing changed
 * because on Linux a {@code stat} marks the file's change time as seen, and the file system then
 * gives the next write a fine-grained time and an inode update of its own ("multigrain timestamps",
 * Linux 6.13 and later), which made every append cost a microsecond or two more than the look itself.
 * The stripe's record in {@code .pending} also counts the segment files
 * of the stripe deleted or created (by any process, holding the stripe): while that count stays the
 * same, the store reads the file it keeps open; after a change it looks the path
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
 * <p>A writable store maps {@code .pending} into memory, shared with the file (it stays mapped until
 * the garbage collector frees it after the store closes, as the JDK cannot unmap a file): reading a
 * stripe's record, and writing it around a batch, are memory accesses, and what one process stores
 * every other process sees. With {@code durability=fsync} a batch's record is forced to disk
 * ({@code msync}) before the batch is written. A read-only store reads the record with one
 * {@code pread} and maps nothing.
 *
 * <p>An append costs: the in-JVM lock, one {@code fcntl} lock and unlock, a look at the stripe's
 * record in memory (pending write and replacement count), the read of two bytes of the open file
 * described above (an {@code fstat} when the file changed, a {@code stat} of the path instead after a
 * replacement in the stripe, or when the stripe's open file was another segment's), and the write
 * itself (plus {@code force} with {@code durability=fsync}). Each store keeps one segment file open per
 * stripe.
 *
 * <h2>What a page costs</h2>
 * <ul>
 * <li><b>{@code read(segment, position, limit)}</b>: the lock for an instant (as a count: the record,
 *     a {@code stat}, and only the bytes appended since the store last looked), opening the file,
 *     then, outside the lock, one seek and a sequential read of the page's lines plus fewer than
 *     256 lines before them, decoding only the page's lines. The seek comes from a sparse index of
 *     line starts the store keeps next to the count: the offset of every 256th entry
 *     (8 bytes per 256 entries, nothing for a shorter segment), recorded as lines are written or
 *     first counted, so it never costs a read of its own. A read of the last entry starts at the
 *     last line. Files only grow and a committed line never moves, so the offsets stay true while
 *     others append; the index is dropped with the count when the file turns out to be another one
 *     (deleted and created again), and a torn tail or an unfinished batch is never counted, so never
 *     indexed. Pages of 4096 (a multiple of 256) each start at an indexed line, so reading a whole
 *     segment page by page reads the file about once, as a single read would.
 *     A store that has not yet looked at a segment counts its lines once (reading the file, without
 *     decoding), as any count does.</li>
 * <li><b>{@code listSegments(page)}</b>: the names in {@code DIR} and in every session directory (a
 *     directory listing per session), then a look at each of the newest segment files, one after the
 *     other, until {@code limit + 1} hold an entry (the one past the limit tells that a next page
 *     exists).</li>
 * <li><b>{@code listSegments(session, page)}</b>: the names in that session's directory (and whether
 *     its flat-layout file exists), then the same looks.</li>
 * <li><b>{@code listSessions(page)}</b>: the names in {@code DIR}, then, for each of the newest
 *     sessions until {@code limit + 1} hold a segment, a look at its flat-layout file if it has one and
 *     the names in its directory, with a look at its segment files until one holds an entry (the
 *     first, unless some hold none).</li>
 * </ul>
 * A directory has no order, so each listing page reads every name of the directories it covers, and
 * keeps only the {@code limit + 1} newest ids it has seen: memory for one page, time proportional to
 * the names. A look at a segment file is what deciding that it holds an entry takes: the stripe for
 * an instant, its record in {@code .pending}, a {@code stat}, and one read of the file's last block
 * (4 KB), back to the last byte of a line that is not blank; more only for a torn tail or blank lines
 * at the end, which it reads back over. Files that hold no entry (see above) are skipped; when some
 * of the {@code limit + 1} newest are, the names are walked again for the next ones, so skipped files
 * cost a look each and, now and then, another walk of the names.
 *
 * <h2>Where the code is</h2>
 * Only {@code JsonlSegmentStore}, {@code JsonlStoreProvider} and {@code Durability} are public; the
 * rest is package-private, one job per class:
 * <ul>
 * <li>{@code JsonlSegmentStore}: the port. Each call checks its arguments, finds the segment's state
 *     ({@code SegmentStates}), takes its stripe and hands the work to the classes below.</li>
 * <li>{@code StoreDirectory}, {@code SegmentFile}: paths, pointer files and walks over the names in a
 *     directory.</li>
 * <li>{@code DirectoryLocks}: the ranges of {@code .lock}; {@code PendingRecords},
 *     {@code PendingWrite}: the records in {@code .pending}.</li>
 * <li>{@code SegmentState}, {@code LineIndex}: what a store knows of a segment file (committed size,
 *     count, offsets of every 256th entry); {@code OpenFiles}, {@code Sighting}: the file kept open per
 *     stripe, and looking at a file to bring its state up to date.</li>
 * <li>{@code EncodedLines}, {@code LineWriter}: the lines of a write, written under the crash rules;
 *     {@code TailRecovery}: what a crash leaves, passed over by readers and cut back by writers.</li>
 * <li>{@code Lines}, {@code SegmentReads}: scanning committed lines and decoding them into entries.</li>
 * <li>{@code SegmentLifecycle}: creating and deleting segment files; {@code Listings},
 *     {@code NewestIds}: listing pages; {@code TraceFiles}: traces; {@code IoFailures}: I/O failures as
 *     {@link dev.segmentlog.spi.BackendException}s.</li>
 * </ul>
 */
package dev.segmentlog.store.jsonl;
