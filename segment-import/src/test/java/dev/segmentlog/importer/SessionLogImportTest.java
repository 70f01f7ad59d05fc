package dev.segmentlog.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.segmentlog.core.EntryHash;
import dev.segmentlog.core.HistoryItem;
import dev.segmentlog.core.ImportedFrom;
import dev.segmentlog.core.InputPart;
import dev.segmentlog.core.LogEntry;
import dev.segmentlog.core.Replay;
import dev.segmentlog.core.RestoredState;
import dev.segmentlog.core.SegmentId;
import dev.segmentlog.core.SegmentOrigin;
import dev.segmentlog.core.SessionId;
import dev.segmentlog.core.StoredEntry;
import dev.segmentlog.core.TraceEntry;
import dev.segmentlog.importer.SessionLogFileTest.ChainedLines;
import dev.segmentlog.log.ChainReport;
import dev.segmentlog.log.HashChain;
import dev.segmentlog.log.SegmentLog;
import dev.segmentlog.spi.BackendException;
import dev.segmentlog.spi.CorruptDataException;
import dev.segmentlog.spi.ExpectedCount;
import dev.segmentlog.spi.ForwardingSegmentStore;
import dev.segmentlog.spi.PageRequest;
import dev.segmentlog.spi.SegmentAlreadyExistsException;
import dev.segmentlog.spi.SegmentStore;
import dev.segmentlog.spi.UnsupportedCapabilityException;
import dev.segmentlog.store.memory.InMemorySegmentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SessionLogImportTest {

    private static final SegmentId SEGMENT = SessionLogFileTest.SEGMENT;

    private final InMemorySegmentStore store = new InMemorySegmentStore();

    /** A store without the hash-chain capability. */
    private static class UnchainedStore extends ForwardingSegmentStore {

        UnchainedStore(SegmentStore delegate) {
            super(delegate);
        }

        @Override
        public void create(SegmentId segment, List<StoredEntry> entries) {
            refuseChains(entries);
            super.create(segment, entries);
        }

        @Override
        public void append(SegmentId segment, ExpectedCount expected, List<StoredEntry> entries) {
            refuseChains(entries);
            super.append(segment, expected, entries);
        }

        private static void refuseChains(List<StoredEntry> entries) {
            if (StoredEntry.anyChained(entries)) {
                throw UnsupportedCapabilityException.hashChains("a store without chains");
            }
        }
    }

    private static String event(TraceEntry trace) {
        return trace.event().text();
    }

    private static void assertHas(String json, String member) {
        assertTrue(json.contains(member), () -> "expected " + member + " in " + json);
    }

    @Nested
    @DisplayName("into a store with hash-chained segments")
    class Chained {

        @Test
        void listStore_supportsHashChainedSegments() {
            SegmentId id = SegmentId.generate();
            List<StoredEntry> linked = HashChain.link(null, List.of(new LogEntry.SegmentStart(1, SessionId.generate(),
                    null, dev.segmentlog.core.RequestConfig.DEFAULT, List.of(), null, null)));
            store.create(id, linked);
            assertEquals(linked, store.read(id, 0, Integer.MAX_VALUE));
        }

        @Test
        void import_createsAChainedSegmentThatVerifies() {
            SessionLogFile log = SessionLogFileTest.read(ChainedLines.everyKind().text());

            SessionLogImport result = log.importInto(store, () -> 42L);

            assertTrue(result.chained());
            assertEquals(SEGMENT, result.segmentId());
            assertEquals(12, result.entriesImported());
            assertEquals(log.headHash(), result.headHash());
            assertEquals(log.chainedEntries(), store.read(SEGMENT, 0, Integer.MAX_VALUE));
            ChainReport report = new SegmentLog(store).chained().verify(SEGMENT);
            assertTrue(report.chained());
            assertTrue(report.intact(), report.breaks().toString());
        }

        @Test
        void importedSegment_replaysToTheOlderState() {
            SessionLogFileTest.read(ChainedLines.everyKind().text()).importInto(store);

            RestoredState state = Replay.replay(store.readAll(SEGMENT));
            assertEquals(List.of(HistoryItem.user("hi"), new HistoryItem.ToolCall("c1", "lookup", "{}"),
                    new HistoryItem.ToolResult("c1", "found", null, false), HistoryItem.assistant("hello"),
                    HistoryItem.system("reminder")), state.history());
            assertEquals(SessionId.ofLegacySegment(SEGMENT), state.sessionId());
            assertEquals("Be helpful.", state.systemPrompt());
            assertEquals(2, state.turnCount());
            assertTrue(state.lastRunInterrupted());
            assertFalse(state.runInFlight());
            assertEquals(0, state.lockedPrefixLen());
            assertEquals(2048, state.config().maxTokens());
            assertEquals(List.of(new LogEntry.LlmUsage(5100, 3, 100, 80, 10, 7)), state.usageHistory());
            assertEquals(List.of(List.of(new InputPart.Text("hi"))), state.userInputs());
            assertEquals(12, state.entriesCount());
            assertEquals(SessionId.ofLegacySegment(SEGMENT), store.info(SEGMENT).sessionId());
        }

        @Test
        void import_tracesItsProvenance() {
            SessionLogFile log = SessionLogFileTest.read(ChainedLines.everyKind().text());

            SessionLogImport result = log.importInto(store, () -> 42L);

            assertEquals(List.of(result.trace()), store.readTrace(SEGMENT));
            assertEquals(42L, result.trace().ts());
            String event = event(result.trace());
            assertHas(event, "\"event\":\"session_log_import\"");
            assertHas(event, "\"source\":\"logs/" + SEGMENT + ".jsonl\"");
            assertHas(event, "\"old_session_id\":\"" + SEGMENT + "\"");
            assertHas(event, "\"old_head_hash\":\"" + log.oldHeadHash().orElseThrow().hex() + "\"");
            assertHas(event, "\"old_chain\":{\"chained\":true,\"intact\":true,\"entries_checked\":14}");
            assertHas(event, "\"lines_read\":14,\"entries_imported\":12");
            assertHas(event, "\"chained\":true");
            assertHas(event, "\"head_hash\":\"" + log.headHash().hex() + "\"");
            assertEquals(log.oldHeadHash().orElseThrow(), result.oldHeadHash());
            assertEquals(log.oldChain(), result.oldChain());
        }

        @Test
        void brokenOldChain_isRefused_andNothingIsWritten() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.remove(4);
            SessionLogFile log = SessionLogFileTest.read(ChainedLines.join(lines));

            CorruptDataException e = assertThrows(CorruptDataException.class, () -> log.importInto(store));

            assertEquals(4, e.position());
            assertTrue(e.getMessage().contains("logs/" + SEGMENT + ".jsonl line 5: its hash chain is broken there "
                    + "(REMOVED at position 4"), e.getMessage());
            assertFalse(store.exists(SEGMENT));
        }

        @Test
        void brokenOldChain_accepted_isImportedMarkedAndTracedAsBroken() {
            List<String> lines = ChainedLines.everyKind().lines();
            lines.remove(4);
            SessionLogFile log = SessionLogFileTest.read(ChainedLines.join(lines),
                    SessionLogOptions.defaults().withBrokenChainAccepted(true));

            SessionLogImport result = log.importInto(store);

            assertFalse(result.oldChain().intact());
            assertTrue(new SegmentLog(store).chained().verify(SEGMENT).intact());
            LogEntry.SegmentStart start = (LogEntry.SegmentStart) store.readAll(SEGMENT).get(0);
            assertEquals(ImportedFrom.OldChain.BROKEN, start.importedFrom().oldChain());
            assertEquals(5L, start.importedFrom().brokenAtLine());
            assertHas(event(result.trace()), "\"old_chain\":{\"chained\":true,\"intact\":false,\"entries_checked\":13,"
                    + "\"break\":{\"position\":4,\"problem\":\"removed\"");
        }

        @Test
        void existingSegment_isNeverOverwritten() {
            SessionLogFile log = SessionLogFileTest.read(ChainedLines.everyKind().text());
            log.importInto(store);

            assertThrows(SegmentAlreadyExistsException.class, () -> log.importInto(store));
            assertEquals(1, store.readTrace(SEGMENT).size());
            assertEquals(12, store.count(SEGMENT));
        }
    }

    @Nested
    @DisplayName("into a store without hash-chained segments")
    class Unchained {

        @Test
        void import_fallsBackToAPlainCreate_andSaysSo() {
            UnchainedStore plain = new UnchainedStore(store);
            SessionLogFile log = SessionLogFileTest.read(ChainedLines.everyKind().text());

            SessionLogImport result = log.importInto(plain);

            assertFalse(result.chained());
            assertNull(result.headHash());
            assertEquals(log.entries(), plain.readAll(SEGMENT));
            assertEquals(log.replay(), Replay.replay(plain.readAll(SEGMENT)));
            assertHas(event(plain.readTrace(SEGMENT).get(0)), "\"chained\":false");
            assertFalse(event(plain.readTrace(SEGMENT).get(0)).contains("\"head_hash\""));
        }
    }

    @Nested
    @DisplayName("when the trace cannot be written")
    class TraceFailure {

        @Test
        void import_saysTheSegmentWasCreatedWithoutItsProvenance() {
            UnchainedStore refusing = new UnchainedStore(store) {
                @Override
                public void appendTrace(SegmentId segment, TraceEntry entry) {
                    throw new BackendException("disk full", null);
                }
            };
            SessionLogFile log = SessionLogFileTest.read(ChainedLines.everyKind().text());

            BackendException e = assertThrows(BackendException.class, () -> log.importInto(refusing));
            assertTrue(e.getMessage().contains("was imported") && e.getMessage().contains("disk full"), e.getMessage());
            assertEquals(12, store.count(SEGMENT));
        }
    }

    @Nested
    @DisplayName("a fork and its source")
    class Forks {
        private final SegmentId sourceId = SegmentId.parse("0190f0a1-0000-7000-8000-000000000001");
        private final SegmentId forkId = SegmentId.parse("0190f0a1-0000-7000-8000-000000000002");

        private SessionLogFile resource(SegmentId id, SessionLogOptions options) {
            String name = "/session-log/17d0430a/" + id + ".jsonl";
            try (InputStream in = SessionLogImportTest.class.getResourceAsStream(name)) {
                assertTrue(in != null, name);
                return SessionLogFile.read(in, name, options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Test
        void forkImportedWithItsSource_verifiesWithItsLineage() {
            SessionLogFile source = resource(sourceId, SessionLogOptions.defaults());
            SessionLogFile fork = resource(forkId, SessionLogOptions.defaults().withSources(List.of(source))
                    .withSessionFromSource(true));
            source.importInto(store);
            fork.importInto(store);

            SegmentOrigin origin = store.info(forkId).forkedFrom();
            // Line 6 (the first turn_end) follows a plural line of two items: it is entry 8.
            assertEquals(new SegmentOrigin(sourceId, 1, 8L, source.chainedEntries().get(7).hash()), origin);
            assertEquals(List.of(forkId, sourceId), store.listSegments(SessionId.ofLegacySegment(sourceId), PageRequest.first(100)).items());
            ChainReport report = new SegmentLog(store).chained().verify(forkId);
            assertTrue(report.intact(), report.breaks().toString());
            assertTrue(fork.oldChain().intact(), fork.oldChain().breaks().toString());
            assertEquals(List.of(HistoryItem.user("Weather in Tokyo?"), HistoryItem.assistant("Sunny in Tokyo.")),
                    Replay.replay(store.readAll(forkId)).history());
            String event = event(store.readTrace(forkId).get(0));
            assertHas(event, "\"old_at_hash\":\"" + source.oldHashes().get(6).hex() + "\"");
            assertHas(event, "\"resolved\":true");
        }

        @Test
        void sourceTamperedAfterImport_isCaughtByTheForksLineage() {
            SessionLogFile source = resource(sourceId, SessionLogOptions.defaults());
            SessionLogFile fork = resource(forkId, SessionLogOptions.defaults().withSources(List.of(source)));
            source.importInto(store);
            fork.importInto(store);

            // Rewrites the source's first turn wholesale, a new chain included: the source alone still verifies.
            List<LogEntry> changed = new ArrayList<>(store.readAll(sourceId));
            changed.set(1, new LogEntry.UserInput(1700000001000L, List.of(new InputPart.Text("forged"))));
            List<StoredEntry> forged = HashChain.link(null, changed);
            SegmentStore tampered = new ForwardingSegmentStore(store) {
                @Override
                public List<StoredEntry> read(SegmentId segment, long position, int limit) {
                    if (!segment.equals(sourceId)) {
                        return super.read(segment, position, limit);
                    }
                    int from = (int) Math.min(position, forged.size());
                    return forged.subList(from, (int) Math.min(forged.size(), from + (long) limit));
                }

                @Override
                public Optional<EntryHash> headHash(SegmentId segment) {
                    return segment.equals(sourceId) ? Optional.of(forged.get(forged.size() - 1).hash())
                            : super.headHash(segment);
                }
            };

            assertTrue(new SegmentLog(tampered).chained().verify(sourceId).intact());
            ChainReport report = new SegmentLog(tampered).chained().verify(forkId);
            assertEquals(ChainReport.Problem.LINEAGE_MISMATCH, SessionLogFileTest.onlyBreak(report).problem());
        }

        @Test
        void forkImportedWithoutItsSource_stillVerifies_andTracesTheUnresolvedOrigin() {
            SessionLogFile fork = resource(forkId, SessionLogOptions.defaults());
            fork.importInto(store);

            assertEquals(new SegmentOrigin(sourceId, 0), store.info(forkId).forkedFrom());
            assertTrue(new SegmentLog(store).chained().verify(forkId).intact());
            String event = event(store.readTrace(forkId).get(0));
            assertHas(event, "\"resolved\":false");
            assertHas(event, "not resolved");
        }
    }
}
