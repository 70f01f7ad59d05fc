/**
 * The S3 storage adapter: {@link dev.segmentlog.store.s3.S3SegmentStore} on Amazon S3 or an
 * S3-compatible server, opened by {@code SegmentStores.open("s3://bucket/prefix?…")} through
 * {@link dev.segmentlog.store.s3.S3StoreProvider}, or from {@link dev.segmentlog.store.s3.S3StoreOptions}.
 *
 * <h2>URI options</h2>
 * {@code s3://bucket/prefix?endpoint=http://127.0.0.1:9090&region=us-east-1&path_style=true}
 * <ul>
 *   <li>{@code endpoint}: endpoint override for S3-compatible servers (MinIO, R2, S3Mock);</li>
 *   <li>{@code region}: the signing region; default: the SDK's region chain ({@code us-east-1} when an
 *       endpoint is given and no region is found);</li>
 *   <li>{@code path_style}: {@code true} or {@code false} (default);</li>
 *   <li>{@code access_key_id}, {@code secret_access_key}: static credentials, both or neither; default:
 *       the SDK's default credentials chain. Their values never appear in messages
 *       ({@code StoreUri.toString} and {@code S3StoreOptions.toString} redact them);</li>
 *   <li>{@code timeout} (default {@code 30s}): one call, retries included; {@code attempt_timeout}
 *       (default {@code 10s}): one HTTP attempt. Units {@code ms}, {@code s}, {@code m};</li>
 *   <li>{@code cache_mb} (default 64): weight bound of the cache of decoded objects;</li>
 *   <li>{@code pack_every} (default 8): small objects an append may leave before it packs them.</li>
 * </ul>
 * The client: one per store, request checksums and response validation {@code WHEN_REQUIRED} (so
 * servers without the newer checksum headers accept uploads), the standard retry strategy (throttling
 * and 5xx retried by the SDK), explicit call and attempt timeouts. Opening checks the bucket
 * ({@code HeadBucket}) so a missing bucket, denied access or an unreachable endpoint fails at once.
 *
 * <h2>Object layout</h2>
 * Under {@code prefix/} (positions are 0-based and zero-padded to 20 digits):
 * <pre>
 * segments/{segment}/log/{first position}          one object per append (JSONL, one codec line per entry)
 * segments/{segment}/pack/{start}-{end}            packed copy of the entries [start, end)
 * segments/{segment}/hint                          the packs, and the ts of the last packed entry
 * segments/{segment}/trace/{position}              one trace entry per object
 * sessions/{session}/{segment}                     session index (empty object)
 * </pre>
 * A commit object carries user metadata: a random writer token, its entry count, the ts of its last
 * entry, and (on position 0) the session. Objects are never rewritten: commits and packs are immutable,
 * only the advisory hint is overwritten.
 *
 * <h2>Appends</h2>
 * An append (one entry or a batch, atomically) is one {@code PUT} with {@code If-None-Match: *} of
 * {@code log/{tail}}, where the tail is the count this store instance last saw. The key depends only on
 * the count, so the object store arbitrates writers: a 412 means another writer holds the position.
 * The store then reads the object's metadata: its own token means an SDK retry of a PUT that had in
 * fact succeeded, so the append is done; otherwise it probes to the new tail and, for
 * {@code appendAll}, tries again there, while {@code appendIfCount} throws {@code ConflictException}
 * with the true count. An uncontended append is exactly that one request: no HEAD or LIST before it.
 * The tail the store writes at is always the end of an object it has seen, a real boundary, and a
 * conditional append whose expected count differs from it is checked by probing first, so a write
 * can never land inside another writer's batch, hidden from readers.
 *
 * <p>{@code create} writes the session index first, then {@code log/0} with {@code If-None-Match}
 * (never overwriting). A crash between the two leaves an index entry without a segment: readers check
 * index entries against {@code log/0} (its session metadata) and ignore such entries, and
 * {@code deleteSession} removes them. The other order could hide a segment from its session.
 *
 * <h2>Hash-chained segments</h2>
 * {@code createHashed} and {@code appendHashedIfCount} take the same write path as {@code create} and
 * {@code appendIfCount}: the entries are encoded into one object body, each line the entry's canonical
 * codec line with {@code "prev_hash"} and {@code "hash"} appended exactly as the writer computed them (an
 * unchained entry's line is exactly its plain line), so an uncontended chained append is still one
 * {@code PUT}. The store computes and checks nothing: {@code SegmentLog.verify} does, from what
 * {@code readHashed} returns. Reads take one path too: objects are decoded with their chain fields,
 * {@code readHashed} returns them (null hashes for entries written without a chain), {@code readFrom}
 * returns the plain entries. A pack is the concatenation of its entries' lines, chain fields included.
 * {@code headHash} probes the tail once and takes the last entry's hash from the cached last object.
 *
 * <h2>Finding the tail, packing, caching</h2>
 * On first use of a segment the store reads its hint (one GET) and then probes commit objects forward
 * from the end of the last pack until one is missing: HEAD (entry count from metadata) for
 * {@code count}/{@code info}/appends, GET (and cache) for reads. Afterwards it probes from its own tail:
 * a warm {@code count} or read is one request at the tail plus whatever is not cached. No LIST is made
 * for segment reads; listing order is never relied upon (ids are sorted by the store, newest first).
 *
 * <p>Packing follows the Delta Lake log (put-if-absent commits, checkpoints, a last-checkpoint hint):
 * when the commits after the last pack reach {@code pack_every}, the appending store writes them as one
 * level-0 pack, merges every 4 consecutive packs of one level into one pack of the next level, and
 * rewrites the hint. Packs are written unconditionally: a range's content is fixed, so concurrent
 * packers write the same bytes. A hint that lags, is unreadable or names a pack that is gone only
 * costs requests: commit objects are kept and stay the source of truth. Packing is amortised over
 * {@code pack_every} appends; if it fails the append is still acknowledged, the failure is logged
 * ({@code System.Logger}, WARNING) and the next append tries again. Measured on S3Mock, a 10,001-entry
 * segment written as 1,000 appends is read cold with 12 GETs and warm with 1.
 *
 * <p>Objects are immutable, so decoded objects are cached (Caffeine, bounded by the weight of their
 * JSON plus a small per-entry overhead; entries are kept with their chain fields, a {@code prev_hash}
 * sharing the previous entry's hash instance) without any validation; per-segment state (packs, commits, tail) is cached for up to 10,000
 * segments. Operations on one segment are serialised within a store instance (a lock per segment);
 * different segments and different instances run in parallel.
 *
 * <h2>Deletion and limits</h2>
 * {@code deleteSession} deletes, per segment, the hint, then packs and traces, then commits from the
 * last down, and {@code log/0} last, and the session index entries at the very end: a crash leaves a
 * readable prefix of a log or nothing, and running the deletion again finishes it. Known limits:
 * an append by a store instance that still caches the tail of a segment deleted by another instance
 * writes an orphan object (ids are never reused, and retention does not race live writers); a session
 * whose only create crashed between its index and {@code log/0} is listed by {@code listSessions}
 * (with no segments) until it is deleted. {@code If-None-Match} must be atomic on the server (Amazon
 * S3, MinIO, R2 are; S3Mock 4.11 checks then writes, so simultaneous PUTs of one key can both succeed).
 *
 * <p>Errors: every SDK failure becomes a {@code BackendException} naming {@code s3://bucket/prefix}
 * and what to check (access denied, missing bucket, region, unreachable endpoint, timeout); no AWS
 * exception crosses the port, and no credential appears in a message.
 */
package dev.segmentlog.store.s3;
