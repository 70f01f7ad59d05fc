/**
 * The in-memory store, scheme {@code mem:}: {@link dev.segmentlog.store.memory.InMemorySegmentStore}
 * keeps segments in memory, for unit tests and short-lived processes, and is registered through
 * {@link java.util.ServiceLoader} by {@link dev.segmentlog.store.memory.InMemorySegmentStoreProvider},
 * so {@code SegmentStores.open("mem:agent-tests")} opens it. It depends on the port only
 * ({@code store-spi}), not on JUnit nor on the conformance kit, which it passes whole.
 *
 * <p><b>What a page costs:</b> a {@code read(segment, position, limit)} copies only the entries of
 * the page; a listing page walks only its own ids (and one more, to know whether a next page
 * exists) in sorted maps; listing a session's segments never looks at other sessions.
 *
 * <p><b>Lifetime:</b> a store made with {@code new InMemorySegmentStore()} has data of its own,
 * gone with its last instance; a store opened by name ({@code mem:NAME} or
 * {@code InMemorySegmentStore.named(NAME)}) shares its data with every store of that name in the
 * JVM, until the JVM exits or {@code InMemorySegmentStore.drop(NAME)}. Closing a store never loses
 * data.
 */
package dev.segmentlog.store.memory;
